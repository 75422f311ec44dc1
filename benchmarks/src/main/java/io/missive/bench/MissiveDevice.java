package io.missive.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncAck;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One Missive device on the load side, speaking the protocol of docs/protocol.md directly over the
 * asynchronous client: token login, both downlink subscriptions, requests matched to replies by
 * correlation data, and the sync stream acknowledged in batches (as the SDK does: the caller
 * calls {@link #flushAck()} every 100 ms).
 */
final class MissiveDevice {

    final @NotNull Provisioner.Account account;
    private final @NotNull Mqtt5AsyncClient client;
    private final @NotNull String uplink;
    private final @NotNull String replies;
    private final AtomicLong correlation = new AtomicLong();
    private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong highestVersion = new AtomicLong();
    private final AtomicLong ackedVersion = new AtomicLong();
    private volatile @NotNull Consumer<SyncEvent> onEvent = event -> {
    };

    MissiveDevice(final @NotNull Provisioner.Account account, final int port) {
        this.account = account;
        this.client = Load.client(account.deviceId(), port, this::onPublish);
        this.uplink = "im/up/" + account.userId() + "/" + account.deviceId();
        this.replies = "im/d/" + account.userId() + "/" + account.deviceId();
    }

    /** Every event of the user's stream, live, retransmitted or paged: called on a Netty thread. */
    void onEvent(final @NotNull Consumer<SyncEvent> listener) {
        this.onEvent = listener;
    }

    @NotNull String userId() {
        return account.userId();
    }

    /** Connects with the device token and subscribes to both downlink topics. */
    @NotNull CompletableFuture<Void> connect() {
        return Load.connect(client, account.userId(), account.token())
                .thenCompose(ignored -> Load.subscribe(client, List.of("im/u/" + account.userId(), replies)));
    }

    @NotNull CompletableFuture<Void> disconnect() {
        return client.disconnect().exceptionally(e -> null);
    }

    @NotNull Mqtt5AsyncClient client() {
        return client;
    }

    /**
     * Sends a request; the reply, or a failure when the PUBACK or the reply says it failed. An
     * {@code INTERNAL} answer (the server could not reach its store in time) is retried twice after
     * half a second, as the protocol asks clients to: every request here is idempotent.
     */
    @NotNull CompletableFuture<Reply> request(final @NotNull Uplink uplink) {
        return Load.retrying(() -> requestOnce(uplink), 3, Duration.ofMillis(500),
                error -> error instanceof Refused refused && refused.code == ErrorCode.INTERNAL);
    }

    /** A request the server answered with an error. */
    static final class Refused extends IllegalStateException {
        final @NotNull ErrorCode code;

        Refused(final @NotNull String message, final @NotNull ErrorCode code) {
            super(message);
            this.code = code;
        }
    }

    private @NotNull CompletableFuture<Reply> requestOnce(final @NotNull Uplink uplink) {
        final long id = correlation.incrementAndGet();
        final CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        client.publishWith().topic(this.uplink).qos(MqttQos.AT_LEAST_ONCE).payload(uplink.toByteArray())
                .responseTopic(replies).correlationData(ByteBuffer.allocate(Long.BYTES).putLong(0, id))
                .send()
                .whenComplete((result, error) -> {
                    final Throwable failure = error != null ? error : result.getError().orElse(null);
                    if (failure != null) {
                        // the reply (with the error's code and text) follows the PUBACK: prefer it
                        final CompletableFuture<Reply> answered = pending.get(id);
                        if (answered != null) {
                            answered.copy().orTimeout(5, TimeUnit.SECONDS).whenComplete((r, e) -> {
                                pending.remove(id);
                                if (e != null) {
                                    reply.completeExceptionally(failure);
                                }
                            });
                        }
                    }
                });
        return reply.thenApply(r -> {
            if (r.hasError()) {
                throw new Refused(account.deviceId() + ": " + uplink.getBodyCase() + " refused: "
                        + r.getError().getCode() + ": " + r.getError().getMessage(), r.getError().getCode());
            }
            return r;
        });
    }

    /** Pages through the stream after the highest version seen (which also makes this connection follow it). */
    @NotNull CompletableFuture<Long> catchUp(final int pageSize) {
        final long after = highestVersion.get();
        return request(Uplink.newBuilder().setSync(SyncRequest.newBuilder().setAfterVersion(after).setLimit(pageSize)).build())
                .thenCompose(reply -> {
                    for (final SyncEvent event : reply.getSync().getEventsList()) {
                        deliver(event);
                    }
                    if (reply.getSync().getHasMore() && highestVersion.get() > after) {
                        return catchUp(pageSize);
                    }
                    return CompletableFuture.completedFuture(highestVersion.get());
                });
    }

    /** Acknowledges everything received so far, if anything is new (one PUBLISH, no reply). */
    void flushAck() {
        final long highest = highestVersion.get();
        final long acked = ackedVersion.get();
        if (highest > acked && ackedVersion.compareAndSet(acked, highest)) {
            Load.publish(client, uplink, Uplink.newBuilder().setSyncAck(SyncAck.newBuilder().setVersion(highest)).build()
                    .toByteArray());
        }
    }

    long highestVersion() {
        return highestVersion.get();
    }

    private void onPublish(final @NotNull Mqtt5Publish publish) {
        final String topic = publish.getTopic().toString();
        final byte[] payload = publish.getPayloadAsBytes();
        try {
            if (topic.startsWith("im/u/")) {
                deliver(SyncEvent.parseFrom(payload));
                return;
            }
            final Reply reply = Reply.parseFrom(payload);
            if (publish.getCorrelationData().isPresent()) {
                final CompletableFuture<Reply> waiting = pending.remove(publish.getCorrelationData().get().getLong(0));
                if (waiting != null) {
                    waiting.complete(reply);
                }
            } else if (reply.hasSync()) {
                // retransmitted events
                reply.getSync().getEventsList().forEach(this::deliver);
            }
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalStateException("undecodable payload on " + topic, e);
        }
    }

    private void deliver(final @NotNull SyncEvent event) {
        if (event.getVersion() > 0) {
            highestVersion.accumulateAndGet(event.getVersion(), Math::max);
        }
        onEvent.accept(event);
    }
}
