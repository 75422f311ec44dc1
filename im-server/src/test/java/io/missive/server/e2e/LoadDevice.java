package io.missive.server.e2e;

import com.google.protobuf.InvalidProtocolBufferException;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendAck;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A sending device for load tests: raw MQTT 5 (Paho's asynchronous client, no SDK) that keeps up to
 * {@code window} QoS 1 {@code SendMessage}s in flight (at most the broker's Receive Maximum, 10), each to its
 * one peer, and subscribes to its reply topic only. Nothing blocks: the next send goes out from the PUBACK
 * callback of the previous one, and {@link #pump()} (called by the test's timer) restarts a device that has
 * room.
 *
 * <p>A send ends when both its PUBACK and its {@code Reply} (matched by correlation data) are in:
 * PUBACK 0x00 with a {@code SendAck} is recorded in {@link Tally#acks}; PUBACK 0x97 with
 * {@code Error{BUSY, retry_after_ms > 0}} is counted and the same client message id is sent again later. After
 * a BUSY the device holds all its sends for at least the retry-after (longer after repeated refusals, and
 * jittered, as the SDK does); anything else goes to {@link Tally#unexpected}. New message ids
 * ({@code <device id>.<n>}) are made only while {@link Tally#offering}; repeats of refused ones go on until
 * each is acknowledged.
 */
final class LoadDevice implements AutoCloseable {

    static final int PUBACK_QUOTA_EXCEEDED = 0x97;

    /** A send that was acknowledged. */
    static final class Acked {
        final @NotNull String senderUserId;
        final @NotNull String senderDeviceId;
        final @NotNull SendAck ack;
        /** It had been refused BUSY before, and this is its repeat with the same client message id. */
        final boolean repeat;
        /** Acknowledged while new messages were still offered (during the overload). */
        final boolean duringLoad;

        Acked(final @NotNull String senderUserId, final @NotNull String senderDeviceId, final @NotNull SendAck ack,
              final boolean repeat, final boolean duringLoad) {
            this.senderUserId = senderUserId;
            this.senderDeviceId = senderDeviceId;
            this.ack = ack;
            this.repeat = repeat;
            this.duringLoad = duringLoad;
        }
    }

    /** What the devices of one load saw; shared by them. */
    static final class Tally {
        /** New message ids are made while this is true; refused ones are sent again either way. */
        volatile boolean offering = true;
        final @NotNull LongAdder busy = new LongAdder();
        final @NotNull Queue<Acked> acks = new ConcurrentLinkedQueue<>();
        /** Every outcome that is neither an ack nor BUSY, every lost connection, every failed publish. */
        final @NotNull Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    }

    /** The outcome of one send attempt: its PUBACK reason code and its reply. */
    static final class Outcome {
        final @NotNull String clientMsgId;
        final int puback;
        final @NotNull Reply reply;

        Outcome(final @NotNull String clientMsgId, final int puback, final @NotNull Reply reply) {
            this.clientMsgId = clientMsgId;
            this.puback = puback;
            this.reply = reply;
        }

        boolean acked() {
            return puback == 0 && reply.hasSendAck() && reply.getSendAck().getClientMsgId().equals(clientMsgId);
        }

        boolean busy() {
            return puback == PUBACK_QUOTA_EXCEEDED && reply.hasError() && reply.getError().getCode() == ErrorCode.BUSY
                    && reply.getError().getRetryAfterMs() > 0 && reply.getError().getClientMsgId().equals(clientMsgId);
        }

        @Override
        public String toString() {
            return clientMsgId + ": PUBACK 0x" + Integer.toHexString(puback) + ", reply " + reply.toString().trim();
        }
    }

    private static final class Attempt {
        final @NotNull String clientMsgId;
        final boolean repeat;
        /** Completed with the outcome for {@link #sendOnce(String)}; null for the load's own sends. */
        final @Nullable CompletableFuture<Outcome> done;
        int puback = -1;
        @Nullable Reply reply;

        Attempt(final @NotNull String clientMsgId, final boolean repeat,
                final @Nullable CompletableFuture<Outcome> done) {
            this.clientMsgId = clientMsgId;
            this.repeat = repeat;
            this.done = done;
        }
    }

    final @NotNull String userId;
    final @NotNull String deviceId;
    final @NotNull String peerUserId;
    /** The device token: issued in the CONNACK of a password login, or set by whoever provisioned it. */
    volatile @Nullable String issuedToken;

    private final int window;
    private final @NotNull Tally tally;
    private final @NotNull MqttAsyncClient client;
    private final @NotNull String uplink;
    private final @NotNull String replyTopic;

    // guarded by this
    private final @NotNull Map<Integer, Attempt> attempts = new HashMap<>();
    /** Sends to go out before new ones: repeats of refused ones, and any the client could not take. */
    private final @NotNull ArrayDeque<Attempt> waiting = new ArrayDeque<>();
    private int inFlight;
    private int correlations;
    private int made;
    private long holdUntilNanos;
    /** BUSY refusals since the last acknowledgement: the hold after the next one grows with them. */
    private int refusedInARow;
    private boolean closed;

    private LoadDevice(final @NotNull String uri, final @NotNull String userId, final @NotNull String deviceId,
                       final @NotNull String peerUserId, final int window, final @NotNull Tally tally)
            throws MqttException {
        this.window = window;
        this.userId = userId;
        this.deviceId = deviceId;
        this.peerUserId = peerUserId;
        this.tally = tally;
        this.uplink = Topics.uplink(userId, deviceId);
        this.replyTopic = Topics.deviceReplies(userId, deviceId);
        this.client = new MqttAsyncClient(uri, deviceId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(final MqttDisconnectResponse response) {
                synchronized (LoadDevice.this) {
                    if (closed) {
                        return;
                    }
                }
                tally.unexpected.add(deviceId + " lost its connection: " + response);
            }

            @Override
            public void mqttErrorOccurred(final MqttException exception) {
                tally.unexpected.add(deviceId + ": MQTT error " + exception);
            }

            @Override
            public void messageArrived(final String topic, final MqttMessage message) {
                onMessage(topic, message);
            }

            @Override
            public void deliveryComplete(final IMqttToken token) {
            }

            @Override
            public void connectComplete(final boolean reconnect, final String serverURI) {
            }

            @Override
            public void authPacketArrived(final int reasonCode, final MqttProperties properties) {
            }
        });
    }

    /**
     * Connects (user id + password or device token) and subscribes to the device's reply topic. Fails with
     * the CONNACK's reason code in the exception when refused; the client is closed then.
     */
    static @NotNull CompletableFuture<LoadDevice> connect(final @NotNull String uri, final @NotNull String userId,
                                                         final @NotNull String deviceId,
                                                         final @NotNull String peerUserId,
                                                         final @NotNull String secret, final int window,
                                                         final @NotNull Tally tally) {
        final CompletableFuture<LoadDevice> connected = new CompletableFuture<>();
        final LoadDevice device;
        try {
            device = new LoadDevice(uri, userId, deviceId, peerUserId, window, tally);
        } catch (final MqttException e) {
            return CompletableFuture.failedFuture(e);
        }
        final MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(userId);
        options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(20);
        options.setKeepAliveInterval(60);
        try {
            device.client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(final IMqttToken token) {
                    if (token.getResponseProperties() != null) {
                        token.getResponseProperties().getUserProperties().stream()
                                .filter(p -> p.getKey().equals("missive-device-token"))
                                .findFirst().ifPresent(p -> device.issuedToken = p.getValue());
                    }
                    device.subscribeReplies(connected);
                }

                @Override
                public void onFailure(final IMqttToken token, final Throwable failure) {
                    device.close();
                    connected.completeExceptionally(failure);
                }
            });
        } catch (final MqttException | RuntimeException e) {
            device.close();
            connected.completeExceptionally(e);
        }
        return connected;
    }

    private void subscribeReplies(final @NotNull CompletableFuture<LoadDevice> connected) {
        try {
            client.subscribe(replyTopic, 1, null, new MqttActionListener() {
                @Override
                public void onSuccess(final IMqttToken token) {
                    final int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        close();
                        connected.completeExceptionally(new AssertionError(
                                deviceId + ": subscription refused: 0x" + Integer.toHexString(codes[0])));
                    } else {
                        connected.complete(LoadDevice.this);
                    }
                }

                @Override
                public void onFailure(final IMqttToken token, final Throwable failure) {
                    close();
                    connected.completeExceptionally(failure);
                }
            });
        } catch (final MqttException | RuntimeException e) {
            close();
            connected.completeExceptionally(e);
        }
    }

    /** Sends until the window is full, the device holds after a BUSY, or (no longer offering) nothing is left. */
    void pump() {
        while (true) {
            final Attempt attempt;
            synchronized (this) {
                if (closed || inFlight >= window || System.nanoTime() - holdUntilNanos < 0) {
                    return;
                }
                final Attempt next = waiting.poll();
                if (next != null) {
                    attempt = new Attempt(next.clientMsgId, next.repeat, null);
                } else if (tally.offering) {
                    attempt = new Attempt(deviceId + "." + (++made), false, null);
                } else {
                    return;
                }
            }
            if (!publish(attempt)) {
                return;
            }
        }
    }

    /**
     * Sends one message with this client message id, outside the load (the device's own window
     * permitting); completes with its outcome. Recorded in the tally like the load's sends.
     */
    @NotNull CompletableFuture<Outcome> sendOnce(final @NotNull String clientMsgId) {
        final CompletableFuture<Outcome> done = new CompletableFuture<>();
        if (!publish(new Attempt(clientMsgId, false, done))) {
            done.completeExceptionally(new IllegalStateException(deviceId + " could not publish now"));
        }
        return done;
    }

    /** Sends, refused or in flight, not yet acknowledged (0: nothing left to do once no longer offering). */
    synchronized int outstanding() {
        return inFlight + waiting.size() + attempts.size();
    }

    /** New message ids this device made for the load. */
    synchronized int made() {
        return made;
    }

    boolean connected() {
        return client.isConnected();
    }

    private boolean publish(final @NotNull Attempt attempt) {
        final int correlation;
        synchronized (this) {
            if (closed) {
                return false;
            }
            correlation = ++correlations;
            attempts.put(correlation, attempt);
            inFlight++;
        }
        final MqttMessage message = new MqttMessage(Uplink.newBuilder().setSend(SendMessage.newBuilder()
                .setClientMsgId(attempt.clientMsgId).setToUserId(peerUserId)
                .setContent(Content.newBuilder().setText(deviceId + " says " + attempt.clientMsgId)))
                .build().toByteArray());
        message.setQos(1);
        final MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(replyTopic);
        properties.setCorrelationData(ByteBuffer.allocate(4).putInt(correlation).array());
        message.setProperties(properties);
        try {
            client.publish(uplink, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(final IMqttToken token) {
                    final int[] codes = token.getReasonCodes();
                    onPuback(correlation, codes == null || codes.length == 0 ? 0 : codes[0]);
                }

                @Override
                public void onFailure(final IMqttToken token, final Throwable failure) {
                    synchronized (LoadDevice.this) {
                        inFlight--;
                        attempts.remove(correlation);
                    }
                    tally.unexpected.add(deviceId + ": publish of " + attempt.clientMsgId + " failed: " + failure);
                    if (attempt.done != null) {
                        attempt.done.completeExceptionally(failure);
                    }
                }
            });
            return true;
        } catch (final MqttException | RuntimeException e) {
            synchronized (this) {
                inFlight--;
                attempts.remove(correlation);
                if (attempt.done == null) {
                    waiting.addFirst(attempt); // not sent: it goes out with a later pump
                }
            }
            if (!(e instanceof MqttException && ((MqttException) e).getReasonCode()
                    == MqttClientException.REASON_CODE_MAX_INFLIGHT)) {
                tally.unexpected.add(deviceId + ": could not publish " + attempt.clientMsgId + ": " + e);
            }
            return false;
        }
    }

    private void onPuback(final int correlation, final int reasonCode) {
        final Attempt complete;
        synchronized (this) {
            inFlight--;
            final Attempt attempt = attempts.get(correlation);
            if (attempt == null) {
                return;
            }
            attempt.puback = reasonCode;
            complete = attempt.reply != null ? attempts.remove(correlation) : null;
        }
        if (complete != null) {
            settle(complete);
        }
        pump();
    }

    private void onMessage(final @NotNull String topic, final @NotNull MqttMessage message) {
        if (!topic.equals(replyTopic)) {
            tally.unexpected.add(deviceId + ": a publish on " + topic);
            return;
        }
        final Reply reply;
        try {
            reply = Reply.parseFrom(message.getPayload());
        } catch (final InvalidProtocolBufferException e) {
            tally.unexpected.add(deviceId + ": an undecodable reply");
            return;
        }
        final byte[] correlation = message.getProperties() == null ? null
                : message.getProperties().getCorrelationData();
        if (correlation == null || correlation.length != 4) {
            tally.unexpected.add(deviceId + ": a reply without our correlation data: " + reply.toString().trim());
            return;
        }
        final int key = ByteBuffer.wrap(correlation).getInt();
        final Attempt complete;
        synchronized (this) {
            final Attempt attempt = attempts.get(key);
            if (attempt == null || attempt.reply != null) {
                tally.unexpected.add(deviceId + ": a reply nobody waits for: " + reply.toString().trim());
                return;
            }
            attempt.reply = reply;
            complete = attempt.puback >= 0 ? attempts.remove(key) : null;
        }
        if (complete != null) {
            settle(complete);
        }
    }

    private void settle(final @NotNull Attempt attempt) {
        final Outcome outcome = new Outcome(attempt.clientMsgId, attempt.puback, attempt.reply);
        if (outcome.acked()) {
            tally.acks.add(new Acked(userId, deviceId, outcome.reply.getSendAck(), attempt.repeat, tally.offering));
            synchronized (this) {
                refusedInARow = 0;
            }
        } else if (outcome.busy()) {
            tally.busy.increment();
            if (attempt.done == null) {
                synchronized (this) {
                    waiting.add(new Attempt(attempt.clientMsgId, true, null));
                    // at least the retry-after; like the SDK, longer after repeated refusals, and jittered
                    final long holdMs = (long) (outcome.reply.getError().getRetryAfterMs()
                            * (1L << Math.min(refusedInARow++, 3)) * (1 + ThreadLocalRandom.current().nextDouble()));
                    final long until = System.nanoTime() + holdMs * 1_000_000;
                    if (until - holdUntilNanos > 0) {
                        holdUntilNanos = until;
                    }
                }
            }
        } else {
            tally.unexpected.add(deviceId + ": " + outcome);
        }
        if (attempt.done != null) {
            attempt.done.complete(outcome);
        }
    }

    /** Disconnects and releases the client; what is in flight is abandoned. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        release();
    }

    /** Closes the devices (as {@link #close()}), many at once: releasing a Paho client takes a while. */
    static void closeAll(final @NotNull Collection<LoadDevice> devices) {
        final List<LoadDevice> closing = new ArrayList<>();
        for (final LoadDevice device : devices) {
            synchronized (device) {
                if (!device.closed) {
                    device.closed = true;
                    closing.add(device);
                }
            }
        }
        final ExecutorService closer = Executors.newFixedThreadPool(64);
        try {
            CompletableFuture.allOf(closing.stream()
                    .map(device -> CompletableFuture.runAsync(device::release, closer))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            closer.shutdown();
        }
    }

    private void release() {
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(5_000);
            }
        } catch (final MqttException | RuntimeException ignored) {
            // gone either way
        }
        try {
            client.close(true);
        } catch (final MqttException | RuntimeException ignored) {
            // gone either way
        }
    }
}
