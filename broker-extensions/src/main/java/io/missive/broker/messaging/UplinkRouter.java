package io.missive.broker.messaging;

import com.google.protobuf.InvalidProtocolBufferException;
import io.missive.broker.auth.Identity;
import io.missive.broker.device.DevicesHandler;
import io.missive.broker.sync.SyncHandler;
import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Decodes an uplink request, runs it, and answers on the device's reply topic. The returned
 * future completes (never exceptionally) with the PUBACK outcome once the request is done:
 * for a send, once the message is durably stored.
 */
@Singleton
public final class UplinkRouter {

    private static final Logger LOG = LoggerFactory.getLogger(UplinkRouter.class);

    private final @NotNull SendHandler sends;
    private final @NotNull HistoryHandler history;
    private final @NotNull SyncHandler sync;
    private final @NotNull DevicesHandler devices;
    private final @NotNull Replies replies;

    @Inject
    public UplinkRouter(final @NotNull SendHandler sends, final @NotNull HistoryHandler history,
                        final @NotNull SyncHandler sync, final @NotNull DevicesHandler devices,
                        final @NotNull Replies replies) {
        this.sends = sends;
        this.history = history;
        this.sync = sync;
        this.devices = devices;
        this.replies = replies;
    }

    /**
     * @param payload       the uplink bytes (already size-checked)
     * @param replyTopic    where the reply goes (already checked to belong to the device)
     * @param correlation   echoed in the reply
     */
    public @NotNull CompletableFuture<RequestException> handle(final @NotNull Identity identity,
                                                               final byte @NotNull [] payload,
                                                               final @NotNull String replyTopic,
                                                               final @Nullable ByteBuffer correlation) {
        final Uplink uplink;
        try {
            uplink = Uplink.parseFrom(payload);
        } catch (final InvalidProtocolBufferException e) {
            return refuse(new RequestException(ErrorCode.MALFORMED, "payload is not a valid Uplink message"),
                    "", replyTopic, correlation);
        }
        final CompletableFuture<Reply> reply;
        String clientMsgId = "";
        switch (uplink.getBodyCase()) {
            case SEND:
                clientMsgId = uplink.getSend().getClientMsgId();
                reply = sends.send(identity, uplink.getSend()).thenApply(ack -> Reply.newBuilder().setSendAck(ack).build());
                break;
            case HISTORY:
                reply = history.page(identity, uplink.getHistory()).thenApply(p -> Reply.newBuilder().setHistory(p).build());
                break;
            case SYNC:
                reply = sync.page(identity, uplink.getSync()).thenApply(p -> Reply.newBuilder().setSync(p).build());
                break;
            case SYNC_ACK:
                // Acknowledgements get no reply: the PUBACK says whether the cursor was stored.
                reply = sync.acknowledge(identity, uplink.getSyncAck()).thenApply(ignored -> null);
                break;
            case LIST_DEVICES:
                reply = devices.list(identity).thenApply(d -> Reply.newBuilder().setDevices(d).build());
                break;
            case REVOKE_DEVICE:
                reply = devices.revoke(identity, uplink.getRevokeDevice())
                        .thenApply(r -> Reply.newBuilder().setDeviceRevoked(r).build());
                break;
            default:
                return refuse(new RequestException(ErrorCode.UNKNOWN_REQUEST,
                        "the uplink carries no request this server knows"), "", replyTopic, correlation);
        }
        final String failedSend = clientMsgId;
        return reply.handle((ok, error) -> {
            if (error == null) {
                if (ok != null) {
                    replies.reply(replyTopic, correlation, ok);
                }
                return null;
            }
            final Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            final RequestException refusal;
            if (cause instanceof RequestException) {
                refusal = (RequestException) cause;
            } else {
                LOG.warn("Request of {} on {} failed", identity.userId(), identity.deviceId(), cause);
                refusal = new RequestException(ErrorCode.INTERNAL, "server error; the request may be retried");
            }
            sendError(refusal, failedSend, replyTopic, correlation);
            return refusal;
        });
    }

    /** Answers a refused request with an Error reply; completes with the refusal for the PUBACK. */
    public @NotNull CompletableFuture<RequestException> refuse(final @NotNull RequestException refusal,
                                                               final @NotNull String clientMsgId,
                                                               final @NotNull String replyTopic,
                                                               final @Nullable ByteBuffer correlation) {
        sendError(refusal, clientMsgId, replyTopic, correlation);
        return CompletableFuture.completedFuture(refusal);
    }

    private void sendError(final @NotNull RequestException refusal, final @NotNull String clientMsgId,
                           final @NotNull String replyTopic, final @Nullable ByteBuffer correlation) {
        replies.reply(replyTopic, correlation, Reply.newBuilder().setError(Error.newBuilder()
                .setCode(refusal.code()).setMessage(refusal.getMessage()).setClientMsgId(clientMsgId)
                .setLatestVersion(refusal.latestVersion())).build());
    }
}
