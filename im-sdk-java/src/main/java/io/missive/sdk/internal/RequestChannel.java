package io.missive.sdk.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ErrorCode;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * MQTT 5 request/response: publishes an {@link Uplink} (QoS 1) with this device's reply topic as
 * response topic and fresh correlation data, and completes the request with the {@link Reply}
 * that echoes it. A request fails on timeout, on a PUBACK reason code from 0x80 up (unless an
 * error reply explains it within a short grace period), or when the connection ends.
 *
 * <p>Every future is completed on the client's callback thread, never on the MQTT library's.
 */
final class RequestChannel {

    private static final @NotNull Logger LOG = Logger.getLogger(RequestChannel.class.getName());

    /** How long a failing PUBACK waits for the error reply that usually accompanies it. */
    private static final long REPLY_GRACE_MS = 500;
    private static final int QOS_AT_LEAST_ONCE = 1;

    private final @NotNull MqttAsyncClient mqtt;
    private final @NotNull String uplinkTopic;
    private final @NotNull String replyTopic;
    private final @NotNull ScheduledExecutorService callbacks;
    private final long timeoutMs;
    private final @NotNull CorrelationIds correlationIds = new CorrelationIds();
    private final @NotNull PendingRequests pending = new PendingRequests();
    private final @NotNull OutboundWindow window = new OutboundWindow(Integer.MAX_VALUE);

    RequestChannel(
            final @NotNull MqttAsyncClient mqtt,
            final @NotNull String uplinkTopic,
            final @NotNull String replyTopic,
            final @NotNull ScheduledExecutorService callbacks,
            final @NotNull Duration timeout) {
        this.mqtt = mqtt;
        this.uplinkTopic = uplinkTopic;
        this.replyTopic = replyTopic;
        this.callbacks = callbacks;
        this.timeoutMs = timeout.toMillis();
    }

    /** A connection is established; the server accepts {@code receiveMaximum} unacknowledged publishes. */
    void opened(final int receiveMaximum) {
        window.reset(receiveMaximum);
    }

    /** The connection ended: every waiting request fails. */
    void closed(final @NotNull String reason) {
        window.reset(1);
        pending.failAll(ErrorCode.NOT_CONNECTED, reason);
    }

    /** @param clientMsgId set for sends, so that failures tell which message to retry */
    @NotNull CompletableFuture<Reply> request(final @NotNull Uplink uplink, final @Nullable String clientMsgId) {
        final byte[] correlation = correlationIds.next();
        final String key = CorrelationIds.key(correlation);
        final CompletableFuture<Reply> reply = pending.register(key, clientMsgId);
        final ScheduledFuture<?> timeout;
        try {
            timeout = callbacks.schedule(
                    () -> pending.fail(key, ErrorCode.TIMEOUT, "no reply within " + timeoutMs + " ms", -1, null),
                    timeoutMs, TimeUnit.MILLISECONDS);
        } catch (final RejectedExecutionException e) {
            pending.fail(key, ErrorCode.NOT_CONNECTED, "client is closed", -1, e);
            return reply;
        }
        reply.whenComplete((r, e) -> timeout.cancel(false));
        final byte[] payload = uplink.toByteArray();
        window.submit(release -> publish(key, correlation, payload, clientMsgId, release));
        return reply;
    }

    /**
     * Publishes a request that gets no reply (e.g. a sync ack), fire-and-forget: it waits for a
     * slot like any request, and a failure is only logged. Nothing is sent while disconnected.
     */
    void notify(final @NotNull Uplink uplink) {
        final byte[] payload = uplink.toByteArray();
        window.submit(release -> publishOneWay(payload, release));
    }

    /** Completes the request a reply belongs to. Runs on the callback thread. */
    void onReply(final @Nullable byte[] correlation, final @NotNull byte[] payload) {
        if (correlation == null) {
            LOG.fine("dropping a reply without correlation data");
            return;
        }
        final String key = CorrelationIds.key(correlation);
        final Reply reply;
        try {
            reply = Reply.parseFrom(payload);
        } catch (final InvalidProtocolBufferException e) {
            pending.fail(key, ErrorCode.MALFORMED, "unreadable reply from server", -1, e);
            return;
        }
        if (!pending.complete(key, reply)) {
            LOG.fine(() -> "dropping a reply nobody waits for (late or not ours): " + key);
        }
    }

    int pendingCount() {
        return pending.size();
    }

    private boolean publish(final @NotNull String key, final @NotNull byte[] correlation,
                            final @NotNull byte[] payload, final @Nullable String clientMsgId,
                            final @NotNull Runnable release) {
        if (!pending.isPending(key)) {
            return false; // timed out or failed while waiting for a slot
        }
        final MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(replyTopic);
        properties.setCorrelationData(correlation);
        final MqttMessage message = new MqttMessage(payload, QOS_AT_LEAST_ONCE, false, properties);
        try {
            mqtt.publish(uplinkTopic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(final IMqttToken token) {
                    onCallbackThread(() -> {
                        release.run();
                        acknowledged(key, token.getReasonCodes());
                    });
                }

                @Override
                public void onFailure(final IMqttToken token, final Throwable failure) {
                    onCallbackThread(() -> {
                        release.run();
                        pending.fail(key, ReasonCodes.publishFailure(failure, clientMsgId));
                    });
                }
            });
            return true;
        } catch (final MqttException | RuntimeException e) {
            pending.fail(key, ReasonCodes.publishFailure(e, clientMsgId));
            return false;
        }
    }

    private boolean publishOneWay(final @NotNull byte[] payload, final @NotNull Runnable release) {
        if (!mqtt.isConnected()) {
            return false;
        }
        try {
            mqtt.publish(uplinkTopic, new MqttMessage(payload, QOS_AT_LEAST_ONCE, false, new MqttProperties()), null,
                    new MqttActionListener() {
                        @Override
                        public void onSuccess(final IMqttToken token) {
                            onCallbackThread(release);
                            final int[] codes = token.getReasonCodes();
                            if (codes != null && codes.length > 0 && ReasonCodes.isFailure(codes[0])) {
                                LOG.fine(() -> "server refused a one-way request with " + ReasonCodes.hex(codes[0]));
                            }
                        }

                        @Override
                        public void onFailure(final IMqttToken token, final Throwable failure) {
                            onCallbackThread(release);
                            LOG.log(Level.FINE, "a one-way request was not delivered", failure);
                        }
                    });
            return true;
        } catch (final MqttException | RuntimeException e) {
            LOG.log(Level.FINE, "a one-way request was not sent", e);
            return false;
        }
    }

    private void acknowledged(final @NotNull String key, final @Nullable int[] reasonCodes) {
        final int reasonCode = reasonCodes == null || reasonCodes.length == 0 ? 0 : reasonCodes[0];
        if (!ReasonCodes.isFailure(reasonCode)) {
            return; // stored; the reply carries the result
        }
        final long grace = Math.min(REPLY_GRACE_MS, timeoutMs);
        callbacks.schedule(() -> pending.fail(key, ReasonCodes.ofPublish(reasonCode),
                        "server refused the request with reason code " + ReasonCodes.hex(reasonCode),
                        reasonCode, null),
                grace, TimeUnit.MILLISECONDS);
    }

    private void onCallbackThread(final @NotNull Runnable task) {
        try {
            callbacks.execute(task);
        } catch (final RuntimeException e) {
            LOG.log(Level.FINE, "client closed; dropping a request callback", e);
        }
    }
}
