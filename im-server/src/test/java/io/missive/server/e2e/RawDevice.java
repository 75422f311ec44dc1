package io.missive.server.e2e;

import com.google.protobuf.InvalidProtocolBufferException;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncEvent;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A device speaking the raw protocol with Paho, without the SDK: for tests that must send what
 * the SDK never would (malformed payloads, foreign topics, spoofed response topics).
 */
final class RawDevice implements AutoCloseable {

    final @NotNull String userId;
    final @NotNull String deviceId;
    final @NotNull MqttAsyncClient client;
    /** Replies to this device's requests, in order. */
    final @NotNull BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    /** What the server sent on the reply topic by itself: resends of unacknowledged events. */
    final @NotNull BlockingQueue<Reply> resent = new LinkedBlockingQueue<>();
    final @NotNull BlockingQueue<SyncEvent> events = new LinkedBlockingQueue<>();
    final @NotNull BlockingQueue<String> foreign = new LinkedBlockingQueue<>();
    volatile @Nullable MqttDisconnectResponse disconnect;
    volatile @Nullable String issuedToken;

    private RawDevice(final @NotNull String uri, final @NotNull String userId, final @NotNull String deviceId)
            throws MqttException {
        this.userId = userId;
        this.deviceId = deviceId;
        this.client = new MqttAsyncClient(uri, deviceId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(final MqttDisconnectResponse response) {
                disconnect = response;
            }

            @Override
            public void mqttErrorOccurred(final MqttException exception) {
            }

            @Override
            public void messageArrived(final String topic, final MqttMessage message) {
                try {
                    if (topic.equals(Topics.userStream(userId))) {
                        events.add(SyncEvent.parseFrom(message.getPayload()));
                    } else if (topic.equals(Topics.deviceReplies(userId, deviceId))) {
                        final Reply reply = Reply.parseFrom(message.getPayload());
                        // a reply to a request carries its correlation data; the server's own resends of
                        // unacknowledged events (Reply{sync}, docs/protocol.md) carry none
                        final MqttProperties properties = message.getProperties();
                        if (properties == null || properties.getCorrelationData() == null) {
                            resent.add(reply);
                        } else {
                            replies.add(reply);
                        }
                    } else {
                        foreign.add(topic);
                    }
                } catch (final InvalidProtocolBufferException e) {
                    foreign.add(topic + " (undecodable)");
                }
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

    /** Connects and subscribes to the device's own two downlink topics. */
    static @NotNull RawDevice connect(final @NotNull String uri, final @NotNull String userId,
                                      final @NotNull String deviceId, final @NotNull String password)
            throws MqttException {
        return connect(uri, userId, deviceId, password, 60);
    }

    /** As above, with an MQTT keepalive of that many seconds (the presence heartbeat). */
    static @NotNull RawDevice connect(final @NotNull String uri, final @NotNull String userId,
                                      final @NotNull String deviceId, final @NotNull String password,
                                      final int keepAliveSeconds)
            throws MqttException {
        final RawDevice device = new RawDevice(uri, userId, deviceId);
        final MqttConnectionOptions options = new MqttConnectionOptions();
        options.setKeepAliveInterval(keepAliveSeconds);
        options.setUserName(userId);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        final IMqttToken token = device.client.connect(options);
        token.waitForCompletion(10_000);
        if (token.getResponseProperties() != null) {
            token.getResponseProperties().getUserProperties().stream()
                    .filter(p -> p.getKey().equals("missive-device-token"))
                    .findFirst().ifPresent(p -> device.issuedToken = p.getValue());
        }
        device.subscribe(Topics.userStream(userId)).assertGranted();
        device.subscribe(Topics.deviceReplies(userId, deviceId)).assertGranted();
        return device;
    }

    @NotNull Suback subscribe(final @NotNull String filter) throws MqttException {
        final IMqttToken token = client.subscribe(filter, 1);
        token.waitForCompletion(10_000);
        return new Suback(token.getReasonCodes()[0]);
    }

    /**
     * Publishes QoS 1 and waits for the PUBACK.
     *
     * @return the PUBACK reason code
     */
    int publish(final @NotNull String topic, final byte @NotNull [] payload, final @Nullable String responseTopic,
                final byte @Nullable [] correlation) throws MqttException {
        final MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        final MqttProperties properties = new MqttProperties();
        if (responseTopic != null) {
            properties.setResponseTopic(responseTopic);
        }
        if (correlation != null) {
            properties.setCorrelationData(correlation);
        }
        message.setProperties(properties);
        final IMqttToken token = client.publish(topic, message);
        token.waitForCompletion(15_000);
        final int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    /** Publishes on the device's own uplink with its reply topic as response topic. */
    int request(final byte @NotNull [] payload) throws MqttException {
        return publish(Topics.uplink(userId, deviceId), payload, Topics.deviceReplies(userId, deviceId), new byte[]{7});
    }

    @NotNull Reply nextReply() throws InterruptedException {
        final Reply reply = replies.poll(10, TimeUnit.SECONDS);
        if (reply == null) {
            throw new AssertionError("no reply within 10 s");
        }
        return reply;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        } catch (final MqttException ignored) {
            // gone either way
        }
    }

    static final class Suback {
        final int reasonCode;

        Suback(final int reasonCode) {
            this.reasonCode = reasonCode;
        }

        void assertGranted() {
            if (reasonCode >= 0x80) {
                throw new AssertionError("subscription refused: 0x" + Integer.toHexString(reasonCode));
            }
        }
    }
}
