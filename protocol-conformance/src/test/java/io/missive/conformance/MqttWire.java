package io.missive.conformance;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny MQTT 5 packet encoder (CONNECT, SUBSCRIBE, PUBLISH, PUBACK): for what a well-behaved client
 * library will not send, such as packets written back to back before the CONNACK, an empty client
 * id, a will, a topic alias out of range. {@link RawConnection} reads the answers.
 */
final class MqttWire {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int SUBACK = 9;
    static final int DISCONNECT = 14;

    private static final int PROPERTY_RESPONSE_TOPIC = 0x08;
    private static final int PROPERTY_CORRELATION_DATA = 0x09;
    private static final int PROPERTY_TOPIC_ALIAS = 0x23;
    private static final int PROPERTY_USER = 0x26;

    private MqttWire() {
    }

    /** CONNECT, MQTT 5, clean start, keep alive 60 s, no will, no properties. */
    static byte @NotNull [] connect(final @NotNull String clientId, final @Nullable String userName,
                                    final @Nullable String password) {
        return Connect.of(clientId, userName, password).encode();
    }

    /** The fields of a CONNECT (MQTT 5, clean start): a test changes the ones it is about. */
    record Connect(@NotNull String clientId, @Nullable String userName, @Nullable String password,
                   int keepAliveSeconds, @Nullable String willTopic, @NotNull Map<String, String> userProperties) {

        static @NotNull Connect of(final @NotNull String clientId, final @Nullable String userName,
                                   final @Nullable String password) {
            return new Connect(clientId, userName, password, 60, null, Map.of());
        }

        @NotNull Connect keepAlive(final int seconds) {
            return new Connect(clientId, userName, password, seconds, willTopic, userProperties);
        }

        /** With a will (QoS 0, an empty message) on that topic. */
        @NotNull Connect will(final @NotNull String topic) {
            return new Connect(clientId, userName, password, keepAliveSeconds, topic, userProperties);
        }

        @NotNull Connect userProperty(final @NotNull String key, final @NotNull String value) {
            final Map<String, String> properties = new LinkedHashMap<>(userProperties);
            properties.put(key, value);
            return new Connect(clientId, userName, password, keepAliveSeconds, willTopic, properties);
        }

        byte @NotNull [] encode() {
            final ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeString(body, "MQTT");
            body.write(5);
            int flags = 0x02; // clean start
            if (willTopic != null) {
                flags |= 0x04;
            }
            if (userName != null) {
                flags |= 0x80;
            }
            if (password != null) {
                flags |= 0x40;
            }
            body.write(flags);
            writeShort(body, keepAliveSeconds);
            final ByteArrayOutputStream properties = new ByteArrayOutputStream();
            userProperties.forEach((key, value) -> {
                properties.write(PROPERTY_USER);
                writeString(properties, key);
                writeString(properties, value);
            });
            writeVariableInt(body, properties.size());
            body.writeBytes(properties.toByteArray());
            writeString(body, clientId);
            if (willTopic != null) {
                writeVariableInt(body, 0); // no will properties
                writeString(body, willTopic);
                writeShort(body, 0); // an empty will message
            }
            if (userName != null) {
                writeString(body, userName);
            }
            if (password != null) {
                writeString(body, password);
            }
            return packet(0x10, body);
        }
    }

    /** SUBSCRIBE one filter with QoS 1. */
    static byte @NotNull [] subscribe(final int packetId, final @NotNull String filter) {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, packetId);
        writeVariableInt(body, 0);
        writeString(body, filter);
        body.write(1);
        return packet(0x82, body);
    }

    /** PUBLISH with QoS 1 and, when given, a response topic and correlation data. */
    static byte @NotNull [] publish(final int packetId, final @NotNull String topic, final byte @NotNull [] payload,
                                    final @Nullable String responseTopic, final byte @Nullable [] correlation) {
        return publish(packetId, 1, topic, payload, responseTopic, correlation, 0);
    }

    /**
     * PUBLISH with QoS 1 or 2 and, when given, a response topic, correlation data and a topic alias
     * (0 = none).
     */
    static byte @NotNull [] publish(final int packetId, final int qos, final @NotNull String topic,
                                    final byte @NotNull [] payload, final @Nullable String responseTopic,
                                    final byte @Nullable [] correlation, final int topicAlias) {
        final ByteArrayOutputStream properties = new ByteArrayOutputStream();
        if (topicAlias > 0) {
            properties.write(PROPERTY_TOPIC_ALIAS);
            writeShort(properties, topicAlias);
        }
        if (responseTopic != null) {
            properties.write(PROPERTY_RESPONSE_TOPIC);
            writeString(properties, responseTopic);
        }
        if (correlation != null) {
            properties.write(PROPERTY_CORRELATION_DATA);
            writeShort(properties, correlation.length);
            properties.writeBytes(correlation);
        }
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        writeShort(body, packetId);
        writeVariableInt(body, properties.size());
        body.writeBytes(properties.toByteArray());
        body.writeBytes(payload);
        return packet(0x30 | (qos << 1), body);
    }

    /** PUBACK, success. */
    static byte @NotNull [] puback(final int packetId) {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, packetId);
        return packet(0x40, body);
    }

    private static byte @NotNull [] packet(final int firstByte, final @NotNull ByteArrayOutputStream body) {
        final ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(firstByte);
        writeVariableInt(packet, body.size());
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static void writeString(final @NotNull ByteArrayOutputStream out, final @NotNull String value) {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeShort(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeShort(final @NotNull ByteArrayOutputStream out, final int value) {
        out.write((value >> 8) & 0xFF);
        out.write(value & 0xFF);
    }

    static void writeVariableInt(final @NotNull ByteArrayOutputStream out, final int value) {
        int rest = value;
        do {
            int digit = rest % 128;
            rest /= 128;
            if (rest > 0) {
                digit |= 0x80;
            }
            out.write(digit);
        } while (rest > 0);
    }
}
