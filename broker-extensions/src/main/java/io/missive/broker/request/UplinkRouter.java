package io.missive.broker.request;

import com.google.protobuf.InvalidProtocolBufferException;
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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Decodes an uplink request, has the handler of its case run it ({@link RequestHandlers}), and
 * answers on the device's reply topic. The returned future completes (never exceptionally) with
 * the PUBACK outcome once the request is done: for a send, once the message is durably stored.
 */
@Singleton
public final class UplinkRouter {

    private static final Logger LOG = LoggerFactory.getLogger(UplinkRouter.class);

    private final @NotNull RequestHandlers handlers;
    private final @NotNull Replies replies;
    private final @NotNull RateLimits limits;

    @Inject
    public UplinkRouter(final @NotNull RequestHandlers handlers, final @NotNull Replies replies,
                        final @NotNull RateLimits limits) {
        this.handlers = handlers;
        this.replies = replies;
        this.limits = limits;
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
        final RequestHandler handler = handlers.of(uplink.getBodyCase());
        if (handler == null) {
            return refuse(new RequestException(ErrorCode.UNKNOWN_REQUEST,
                    "the uplink carries no request this server knows"), "", replyTopic, correlation);
        }
        final String clientMsgId = uplink.getBodyCase() == Uplink.BodyCase.SEND ? uplink.getSend().getClientMsgId() : "";
        CompletableFuture<Reply> reply;
        try {
            limits.admit(identity, uplink);
            reply = Objects.requireNonNull(handler.handle(identity, uplink), "the request handler returned no future");
        } catch (final RuntimeException e) {
            // refused (or failed) before the handler returned its future: answered alike
            reply = CompletableFuture.failedFuture(e);
        }
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
            if (uplink.getBodyCase() == Uplink.BodyCase.SEND) {
                if (refusal.code() == ErrorCode.NOT_FOUND && !uplink.getSend().getToUserId().isEmpty()) {
                    limits.unknownUserNamed(identity); // the answer told that the user does not exist
                } else if (refusal.code() == ErrorCode.BUSY) {
                    limits.sendRefusedBusy(identity, clientMsgId, refusal.retryAfterMs());
                }
            }
            sendError(refusal, clientMsgId, replyTopic, correlation);
            return refusal;
        });
    }

    /** Answers a refused request with an Error reply; completes with the refusal for the PUBACK. */
    @NotNull CompletableFuture<RequestException> refuse(final @NotNull RequestException refusal,
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
                .setLatestVersion(refusal.latestVersion()).setRetryAfterMs(refusal.retryAfterMs())).build());
    }
}
