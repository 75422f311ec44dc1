package io.missive.conformance;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bare TCP connection to the broker: writes whatever bytes a test composes with {@link MqttWire}
 * and reads MQTT packets back, undecoded beyond what the tests look at.
 */
final class RawConnection implements AutoCloseable {

    private static final int READ_TIMEOUT_MS = 10_000;

    private final @NotNull Socket socket;
    private final @NotNull DataInputStream in;
    private final @NotNull OutputStream out;

    private RawConnection(final @NotNull Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a connection to a {@code tcp://host:port} URI. */
    static @NotNull RawConnection open(final @NotNull String uri) {
        final URI parsed = URI.create(uri);
        try {
            final Socket socket = new Socket();
            socket.connect(new InetSocketAddress(parsed.getHost(), parsed.getPort()), READ_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            return new RawConnection(socket);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the packets in one go, back to back. A broker that closes the connection while they are
     * written (a packet too large) is not an error here: what it sent before closing is read next.
     */
    void write(final byte @NotNull [] @NotNull ... packets) {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (final byte[] packet : packets) {
            all.writeBytes(packet);
        }
        try {
            out.write(all.toByteArray());
            out.flush();
        } catch (final IOException closedByBroker) {
            // read on
        }
    }

    /** The next packet, or null once the broker closed the connection. A QoS 1 PUBLISH is acknowledged. */
    @Nullable Packet next() {
        try {
            final int first = in.read();
            if (first < 0) {
                return null;
            }
            final int length = readVariableInt();
            final byte[] body = new byte[length];
            in.readFully(body);
            final Packet packet = new Packet(first >> 4, first & 0x0F, body);
            if (packet.type() == MqttWire.PUBLISH && packet.qos() == 1) {
                write(MqttWire.puback(packet.packetId()));
            }
            return packet;
        } catch (final EOFException e) {
            return null;
        } catch (final SocketTimeoutException e) {
            throw new AssertionError("nothing from the broker within " + READ_TIMEOUT_MS + " ms", e);
        } catch (final IOException e) {
            return null; // reset by the broker: closed as well
        }
    }

    /** Every packet until the broker closes the connection. */
    @NotNull List<Packet> untilClosed() {
        final List<Packet> packets = new ArrayList<>();
        Packet packet;
        while ((packet = next()) != null) {
            packets.add(packet);
        }
        return packets;
    }

    /** Reads on until a packet of the type arrives; the ones before it are dropped. */
    @NotNull Packet next(final int type) {
        Packet packet;
        while ((packet = next()) != null) {
            if (packet.type() == type) {
                return packet;
            }
        }
        throw new AssertionError("the broker closed the connection before a packet of type " + type);
    }

    private int readVariableInt() throws IOException {
        int value = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            value += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        return value;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (final IOException ignored) {
            // closed either way
        }
    }

    /** One MQTT packet as read: its type, the flags of its first byte, and the rest. */
    record Packet(int type, int flags, byte @NotNull [] body) {

        /** The reason code of a CONNACK, PUBACK, PUBREC, SUBACK (its first) or DISCONNECT. */
        int reasonCode() {
            switch (type) {
                case MqttWire.CONNACK:
                    return body[1] & 0xFF;
                case MqttWire.PUBACK:
                case MqttWire.PUBREC:
                    return body.length > 2 ? body[2] & 0xFF : 0;
                case MqttWire.SUBACK: {
                    final int[] position = {2};
                    final int properties = readVariableInt(body, position);
                    return body[position[0] + properties] & 0xFF;
                }
                case MqttWire.DISCONNECT:
                    return body.length > 0 ? body[0] & 0xFF : 0;
                default:
                    throw new IllegalStateException("packet type " + type + " has no reason code");
            }
        }

        /** The user properties of a CONNACK. */
        @NotNull Map<String, String> userProperties() {
            final Map<String, String> found = new LinkedHashMap<>();
            final int[] position = {2};
            final int length = readVariableInt(body, position);
            final int end = position[0] + length;
            while (position[0] < end) {
                final int id = body[position[0]++] & 0xFF;
                switch (id) {
                    case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> position[0] += 1;
                    case 0x13, 0x21, 0x22, 0x23 -> position[0] += 2;
                    case 0x02, 0x11, 0x18, 0x27 -> position[0] += 4;
                    case 0x0B -> readVariableInt(body, position);
                    case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> readString(body, position);
                    case 0x26 -> found.put(readString(body, position), readString(body, position));
                    default -> throw new IllegalStateException("unknown CONNACK property 0x" + Integer.toHexString(id));
                }
            }
            return found;
        }

        private static @NotNull String readString(final byte @NotNull [] bytes, final int @NotNull [] position) {
            final int length = ((bytes[position[0]] & 0xFF) << 8) | (bytes[position[0] + 1] & 0xFF);
            final String value = new String(bytes, position[0] + 2, length, StandardCharsets.UTF_8);
            position[0] += 2 + length;
            return value;
        }

        /** The topic of a PUBLISH. */
        @NotNull String topic() {
            final int length = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            return new String(body, 2, length, StandardCharsets.UTF_8);
        }

        int qos() {
            return (flags >> 1) & 0x03;
        }

        /** The packet id of a QoS 1 PUBLISH. */
        int packetId() {
            final int at = 2 + (((body[0] & 0xFF) << 8) | (body[1] & 0xFF));
            return ((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF);
        }

        /** The payload of a PUBLISH. */
        byte @NotNull [] payload() {
            final int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            final int[] position = {2 + topicLength + (qos() > 0 ? 2 : 0)};
            final int properties = readVariableInt(body, position);
            return Arrays.copyOfRange(body, position[0] + properties, body.length);
        }

        private static int readVariableInt(final byte @NotNull [] bytes, final int @NotNull [] position) {
            int value = 0;
            int multiplier = 1;
            int digit;
            do {
                digit = bytes[position[0]++] & 0xFF;
                value += (digit & 0x7F) * multiplier;
                multiplier *= 128;
            } while ((digit & 0x80) != 0);
            return value;
        }

        @Override
        public @NotNull String toString() {
            return "packet type " + type + " (" + body.length + " bytes)";
        }
    }
}
