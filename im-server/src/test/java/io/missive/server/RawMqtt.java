package io.missive.server;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.jetbrains.annotations.NotNull;

import java.nio.charset.StandardCharsets;

/** A plain Paho MQTT 5 client, the way any device would connect, without the Missive SDK. */
final class RawMqtt {

    /** CONNACK reason code "Server unavailable" (MQTT 5, 0x88). */
    static final int SERVER_UNAVAILABLE = 0x88;

    private RawMqtt() {
    }

    /**
     * Connects (clean start) and disconnects again.
     *
     * @return 0 when the broker accepted the connection, otherwise its CONNACK reason code
     */
    static int connect(final @NotNull String uri, final @NotNull String deviceId, final @NotNull String userId,
                       final @NotNull String password) {
        final MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(userId);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(10);
        MqttClient client = null;
        try {
            client = new MqttClient(uri, deviceId, new MemoryPersistence());
            try {
                client.connect(options);
            } catch (final MqttException e) {
                return e.getReasonCode();
            }
            client.disconnect();
            return 0;
        } catch (final MqttException e) {
            throw new AssertionError("MQTT client failed: " + e, e);
        } finally {
            if (client != null) {
                try {
                    client.close(true);
                } catch (final MqttException ignored) {
                    // the connection is gone either way
                }
            }
        }
    }
}
