package io.missive.broker.cluster;

import org.jetbrains.annotations.NotNull;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of one relay message between nodes: the sending node's id and a batch of (topic,
 * payload) items, in the order the receiving node publishes them. A small binary encoding, internal
 * to the nodes of one deployment (not part of the device protocol):
 *
 * <pre>
 * byte    format (1)
 * u16     length of the origin node id, then its UTF-8 bytes
 * i32     number of items, then per item:
 *   u16   length of the topic, then its UTF-8 bytes
 *   i32   length of the payload, then the payload
 * </pre>
 */
public final class RelayBatch {

    static final byte FORMAT = 1;

    private final @NotNull String origin;
    private final @NotNull List<Item> items;

    public RelayBatch(final @NotNull String origin, final @NotNull List<Item> items) {
        this.origin = origin;
        this.items = List.copyOf(items);
    }

    public @NotNull String origin() {
        return origin;
    }

    public @NotNull List<Item> items() {
        return items;
    }

    public byte @NotNull [] encode() {
        final byte[] originBytes = origin.getBytes(StandardCharsets.UTF_8);
        final List<byte[]> topics = new ArrayList<>(items.size());
        int size = 1 + 2 + originBytes.length + 4;
        for (final Item item : items) {
            final byte[] topic = item.topic().getBytes(StandardCharsets.UTF_8);
            topics.add(topic);
            size += 2 + topic.length + 4 + item.payload().length;
        }
        final ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT);
        putShortString(out, originBytes);
        out.putInt(items.size());
        for (int i = 0; i < items.size(); i++) {
            putShortString(out, topics.get(i));
            out.putInt(items.get(i).payload().length);
            out.put(items.get(i).payload());
        }
        return out.array();
    }

    /** @throws IllegalArgumentException when the bytes are not a relay batch of this format */
    public static @NotNull RelayBatch decode(final byte @NotNull [] bytes) {
        try {
            final ByteBuffer in = ByteBuffer.wrap(bytes);
            final byte format = in.get();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown relay batch format " + format);
            }
            final String origin = shortString(in);
            final int count = in.getInt();
            if (count < 0 || count > in.remaining()) {
                throw new IllegalArgumentException("bad item count " + count);
            }
            final List<Item> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                final String topic = shortString(in);
                final int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new IllegalArgumentException("bad payload length " + length);
                }
                final byte[] payload = new byte[length];
                in.get(payload);
                items.add(new Item(topic, payload));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last item");
            }
            return new RelayBatch(origin, items);
        } catch (final BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated relay batch", e);
        }
    }

    private static void putShortString(final @NotNull ByteBuffer out, final byte @NotNull [] bytes) {
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes in a relay batch");
        }
        out.putShort((short) bytes.length);
        out.put(bytes);
    }

    private static @NotNull String shortString(final @NotNull ByteBuffer in) {
        final int length = Short.toUnsignedInt(in.getShort());
        if (length > in.remaining()) {
            throw new IllegalArgumentException("bad string length " + length);
        }
        final byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** One message for the devices subscribed to {@code topic} on the receiving node. */
    public static final class Item {
        private final @NotNull String topic;
        private final byte @NotNull [] payload;

        public Item(final @NotNull String topic, final byte @NotNull [] payload) {
            this.topic = topic;
            this.payload = payload;
        }

        public @NotNull String topic() {
            return topic;
        }

        public byte @NotNull [] payload() {
            return payload;
        }

        /** Bytes it adds to an encoded batch. */
        int encodedSize() {
            return 2 + topic.length() * 3 + 4 + payload.length;
        }
    }
}
