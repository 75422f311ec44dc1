package io.missive.conformance;

import com.google.protobuf.InvalidProtocolBufferException;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.Uplink;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * One device speaking the raw protocol with Paho's MQTT 5 client: it connects with its user, device
 * id and password (or device token), subscribes to its two downlink topics, publishes requests on
 * its uplink with its reply topic as response topic and fresh correlation data, and collects what
 * the server sends: replies (by correlation data), replies without correlation data, sync events.
 */
final class RawClient implements AutoCloseable {

    static final @NotNull String DEVICE_TOKEN = "missive-device-token";
    private static final long WAIT_MS = 10_000;
    private static final AtomicLong CORRELATIONS = new AtomicLong();
    /**
     * Runs the threads of every client (each holds three while connected): reusing them makes a
     * connection cheaper than Paho's own threads do. Sized for the devices of all tests at once.
     */
    private static final ScheduledExecutorService THREADS = Executors.newScheduledThreadPool(256, runnable -> {
        final Thread thread = new Thread(runnable, "paho-client");
        thread.setDaemon(true);
        return thread;
    });

    private final @NotNull String userId;
    private final @NotNull String deviceId;
    private final @NotNull MqttAsyncClient mqtt;
    private final @NotNull Runnable beforeUse;
    /** Completes once the device is admitted and subscribed to both downlink topics. */
    private final @NotNull CompletableFuture<Void> ready = new CompletableFuture<>();
    private final @NotNull Map<String, CompletableFuture<Reply>> replies = new ConcurrentHashMap<>();
    private final @NotNull Map<String, AtomicInteger> replyCounts = new ConcurrentHashMap<>();
    private final @NotNull List<Reply> uncorrelated = new CopyOnWriteArrayList<>();
    private final @NotNull List<SyncEvent> events = new CopyOnWriteArrayList<>();
    private final @NotNull List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final @NotNull List<String> undecodable = new CopyOnWriteArrayList<>();
    private volatile @Nullable Integer disconnectReason;
    private volatile @Nullable String deviceToken;
    private volatile @Nullable MqttProperties connack;

    /** One message the broker delivered to this device. */
    record Delivery(@NotNull String topic, int qos, boolean retained) {
    }

    private RawClient(final @NotNull String uri, final @NotNull String userId, final @NotNull String deviceId,
                      final @NotNull Runnable beforeUse) throws MqttException {
        this.userId = userId;
        this.deviceId = deviceId;
        this.beforeUse = beforeUse;
        this.mqtt = new MqttAsyncClient(uri, deviceId, new MemoryPersistence(), new TimerPingSender(THREADS),
                THREADS);
        mqtt.setCallback(new Callback());
    }

    /**
     * Starts connecting (clean start, no will) and subscribing to both downlink topics with QoS 1,
     * and returns at once: connections of several devices are made at the same time, and the first
     * use of the device waits until it is ready (and fails if the login was refused).
     */
    static @NotNull RawClient connect(final @NotNull String uri, final @NotNull String userId,
                                      final @NotNull String deviceId, final @NotNull String secret) {
        return connect(uri, userId, deviceId, secret, () -> {
        });
    }

    /**
     * As above; {@code beforeUse} runs whenever the device is about to act, once it is ready: a test
     * makes its other devices wait there, so that every device it opened is listening before any acts.
     */
    static @NotNull RawClient connect(final @NotNull String uri, final @NotNull String userId,
                                      final @NotNull String deviceId, final @NotNull String secret,
                                      final @NotNull Runnable beforeUse) {
        final RawClient client;
        try {
            client = new RawClient(uri, userId, deviceId, beforeUse);
            client.mqtt.connect(options(userId, secret), null, client.new Connecting());
        } catch (final MqttException e) {
            throw new IllegalStateException("cannot connect " + deviceId + ": " + e, e);
        }
        return client;
    }

    /** Waits until the device is connected and subscribed, then runs what must happen before it acts. */
    @NotNull RawClient ready() {
        awaitConnected();
        beforeUse.run();
        return this;
    }

    /** Waits until the device is connected and subscribed. */
    void awaitConnected() {
        join(ready);
    }

    /** Connection options as a device sets them: clean start, no automatic reconnect, Nagle off. */
    private static @NotNull MqttConnectionOptions options(final @NotNull String userId, final @NotNull String secret) {
        final MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(60);
        options.setSocketFactory(NoDelaySockets.INSTANCE);
        options.setUserName(userId);
        options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        return options;
    }

    @NotNull String userId() {
        return userId;
    }

    @NotNull String deviceId() {
        return deviceId;
    }

    /** The token the CONNACK of a password login carried; null after a token login. */
    @Nullable String deviceToken() {
        ready();
        return deviceToken;
    }

    /** The properties of the CONNACK the device was admitted with. */
    @NotNull MqttProperties connackProperties() {
        ready();
        final MqttProperties properties = connack;
        return properties == null ? new MqttProperties() : properties;
    }

    @NotNull String uplinkTopic() {
        return Topics.uplink(userId, deviceId);
    }

    @NotNull String replyTopic() {
        return Topics.deviceReplies(userId, deviceId);
    }

    @NotNull String streamTopic() {
        return Topics.userStream(userId);
    }

    // ---- requests ----------------------------------------------------------------------------

    /** A request as the protocol asks: QoS 1, own reply topic as response topic, fresh correlation data. */
    @NotNull Answer request(final @NotNull Uplink uplink) {
        return request(uplink.toByteArray());
    }

    @NotNull Answer request(final byte @NotNull [] payload) {
        return request(payload, 1, replyTopic());
    }

    /**
     * Publishes a payload on the device's uplink with fresh correlation data, and waits for the
     * PUBACK (QoS 1; none for QoS 0) and for the reply echoing the correlation data.
     *
     * @param responseTopic null to leave the property out
     */
    @NotNull Answer request(final byte @NotNull [] payload, final int qos, final @Nullable String responseTopic) {
        ready();
        return join(requestAsync(payload, qos, responseTopic));
    }

    /** Publishes a request without waiting: for requests in flight at the same time (at most 10). */
    @NotNull CompletableFuture<Answer> requestAsync(final @NotNull Uplink uplink) {
        ready();
        return requestAsync(uplink.toByteArray(), 1, replyTopic());
    }

    private @NotNull CompletableFuture<Answer> requestAsync(final byte @NotNull [] payload, final int qos,
                                                            final @Nullable String responseTopic) {
        final byte[] correlation = nextCorrelation();
        final CompletableFuture<Reply> reply = expectReply(correlation);
        return publishAsync(uplinkTopic(), payload, qos, responseTopic, correlation)
                .thenCombine(reply, Answer::new);
    }

    /**
     * Publishes a request with this correlation data and returns the PUBACK reason code only: for a
     * SyncAck, which has no reply when it succeeds ({@link #repliesTo} tells whether one came).
     */
    int publishRequest(final @NotNull Uplink uplink, final byte @NotNull [] correlation) {
        ready();
        return join(publishAsync(uplinkTopic(), uplink.toByteArray(), 1, replyTopic(), correlation));
    }

    /** Publishes anywhere, with neither response topic nor correlation data; the PUBACK reason code (0 for QoS 0). */
    int publish(final @NotNull String topic, final byte @NotNull [] payload, final int qos) {
        ready();
        return join(publishAsync(topic, payload, qos, null, null));
    }

    static byte @NotNull [] nextCorrelation() {
        return ByteBuffer.allocate(Long.BYTES).putLong(CORRELATIONS.incrementAndGet()).array();
    }

    /** How many replies echoing this correlation data have arrived. */
    int repliesTo(final byte @NotNull [] correlation) {
        final AtomicInteger count = replyCounts.get(HexFormat.of().formatHex(correlation));
        return count == null ? 0 : count.get();
    }

    /** Replies that carried no correlation data (retransmissions, or answers to requests without it). */
    @NotNull List<Reply> uncorrelatedReplies() {
        return List.copyOf(uncorrelated);
    }

    private @NotNull CompletableFuture<Reply> expectReply(final byte @NotNull [] correlation) {
        return replies.computeIfAbsent(HexFormat.of().formatHex(correlation), key -> new CompletableFuture<>());
    }

    private @NotNull CompletableFuture<Integer> publishAsync(final @NotNull String topic,
                                                             final byte @NotNull [] payload, final int qos,
                                                             final @Nullable String responseTopic,
                                                             final byte @Nullable [] correlation) {
        final MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        final MqttProperties properties = new MqttProperties();
        if (responseTopic != null) {
            properties.setResponseTopic(responseTopic);
        }
        if (correlation != null) {
            properties.setCorrelationData(correlation);
        }
        message.setProperties(properties);
        final CompletableFuture<Integer> acknowledged = new CompletableFuture<>();
        try {
            mqtt.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(final IMqttToken token) {
                    acknowledged.complete(reasonCode(token));
                }

                @Override
                public void onFailure(final IMqttToken token, final Throwable error) {
                    final int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0) {
                        acknowledged.complete(codes[0]);
                    } else {
                        acknowledged.completeExceptionally(error);
                    }
                }
            });
        } catch (final MqttException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    private static int reasonCode(final @NotNull IMqttToken token) {
        final int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    private static <T> T join(final @NotNull CompletableFuture<T> future) {
        try {
            return future.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (final TimeoutException e) {
            throw new AssertionError("no PUBACK or no reply within " + WAIT_MS + " ms");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (final ExecutionException e) {
            throw new AssertionError("request failed: " + e.getCause(), e.getCause());
        }
    }

    /** Subscribes; returns the SUBACK reason code (0, 1, 2 = granted QoS). */
    int subscribe(final @NotNull String filter, final int qos) {
        ready();
        try {
            final IMqttToken token = mqtt.subscribe(filter, qos);
            token.waitForCompletion(WAIT_MS);
            return token.getReasonCodes()[0];
        } catch (final MqttException e) {
            throw new IllegalStateException("subscribe to " + filter + " failed: " + e, e);
        }
    }

    // ---- what arrives ------------------------------------------------------------------------

    /** Every sync event received so far, in arrival order. */
    @NotNull List<SyncEvent> events() {
        return List.copyOf(events);
    }

    /** The events received after the first {@code count}. */
    @NotNull List<SyncEvent> eventsAfter(final int count) {
        final List<SyncEvent> all = events();
        return all.subList(Math.min(count, all.size()), all.size());
    }

    /** The first received event that matches, waiting for it. */
    @NotNull SyncEvent awaitEvent(final @NotNull Predicate<SyncEvent> matching) {
        return await().until(() -> events.stream().filter(matching).findFirst(), Optional::isPresent).orElseThrow();
    }

    /** Every message the broker delivered, on any topic. */
    @NotNull List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Topics of deliveries whose payload was not the protobuf message of their topic. */
    @NotNull List<String> undecodable() {
        return List.copyOf(undecodable);
    }

    // ---- the connection ----------------------------------------------------------------------

    boolean isConnected() {
        ready();
        return mqtt.isConnected();
    }

    /** Waits until the server has closed the connection; returns the DISCONNECT reason code. */
    int awaitDisconnect() {
        ready();
        await().until(() -> disconnectReason != null && !mqtt.isConnected());
        return disconnectReason;
    }

    @Override
    public void close() {
        try {
            ready.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (final Exception ignored) {
            // closed below either way
        }
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnect(0, null, null, 0, new MqttProperties()).waitForCompletion(WAIT_MS);
            }
        } catch (final MqttException ignored) {
            // gone either way
        } finally {
            try {
                mqtt.close(true);
            } catch (final MqttException ignored) {
                // closed either way
            }
        }
    }

    /** Once the CONNACK admitted the device: subscribes to both downlink topics in one SUBSCRIBE. */
    private final class Connecting implements MqttActionListener {

        @Override
        public void onSuccess(final IMqttToken token) {
            final MqttProperties properties = token.getResponseProperties();
            connack = properties;
            deviceToken = properties == null ? null : properties.getUserProperties().stream()
                    .filter(p -> p.getKey().equals(DEVICE_TOKEN)).map(UserProperty::getValue).findFirst()
                    .orElse(null);
            try {
                mqtt.subscribe(new String[]{streamTopic(), replyTopic()}, new int[]{1, 1}, null, new Subscribing());
            } catch (final MqttException e) {
                ready.completeExceptionally(e);
            }
        }

        @Override
        public void onFailure(final IMqttToken token, final Throwable error) {
            ready.completeExceptionally(new IllegalStateException("login of " + userId + " on " + deviceId
                    + " refused: " + error, error));
        }
    }

    /** Completes {@link #ready} once both subscriptions are granted with QoS 1. */
    private final class Subscribing implements MqttActionListener {

        @Override
        public void onSuccess(final IMqttToken suback) {
            final int[] codes = suback.getReasonCodes();
            if (Arrays.equals(codes, new int[]{1, 1})) {
                ready.complete(null);
            } else {
                ready.completeExceptionally(new IllegalStateException("downlink subscriptions answered "
                        + Arrays.toString(codes)));
            }
        }

        @Override
        public void onFailure(final IMqttToken suback, final Throwable error) {
            ready.completeExceptionally(error);
        }
    }

    private final class Callback implements MqttCallback {

        @Override
        public void messageArrived(final String topic, final MqttMessage message) {
            deliveries.add(new Delivery(topic, message.getQos(), message.isRetained()));
            try {
                if (topic.equals(replyTopic())) {
                    final Reply reply = Reply.parseFrom(message.getPayload());
                    final byte[] correlation = message.getProperties() == null ? null
                            : message.getProperties().getCorrelationData();
                    if (correlation == null) {
                        uncorrelated.add(reply);
                    } else {
                        final String key = HexFormat.of().formatHex(correlation);
                        replyCounts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                        expectReply(correlation).complete(reply);
                    }
                } else if (topic.equals(streamTopic())) {
                    events.add(SyncEvent.parseFrom(message.getPayload()));
                }
            } catch (final InvalidProtocolBufferException e) {
                undecodable.add(topic);
            }
        }

        @Override
        public void disconnected(final MqttDisconnectResponse response) {
            disconnectReason = response.getReturnCode();
        }

        @Override
        public void mqttErrorOccurred(final MqttException exception) {
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
    }
}
