package io.missive.bench;

import org.jetbrains.annotations.NotNull;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the load puts in a message: its id and the sender's clock (load generator and receivers are
 * one process, so one {@link System#nanoTime()} serves both ends), padded to the payload size.
 */
final class Payloads {

    private Payloads() {
    }

    /** A raw MQTT payload of {@code size} bytes (at least 16). */
    static byte @NotNull [] bytes(final long messageId, final long sentNanos, final int size) {
        final ByteBuffer buffer = ByteBuffer.allocate(Math.max(16, size));
        buffer.putLong(messageId).putLong(sentNanos);
        return buffer.array();
    }

    static long id(final byte @NotNull [] payload) {
        return ByteBuffer.wrap(payload).getLong(0);
    }

    static long sentNanos(final byte @NotNull [] payload) {
        return ByteBuffer.wrap(payload).getLong(8);
    }

    /** A message text of {@code size} characters: {@code "<id>:<nanos>;xxxx…"}. */
    static @NotNull String text(final long messageId, final long sentNanos, final int size) {
        final String head = messageId + ":" + sentNanos + ";";
        if (head.length() >= size) {
            return head;
        }
        final char[] padding = new char[size - head.length()];
        Arrays.fill(padding, 'x');
        return head + new String(padding);
    }

    static long id(final @NotNull String text) {
        return Long.parseLong(text, 0, text.indexOf(':'), 10);
    }

    static long sentNanos(final @NotNull String text) {
        return Long.parseLong(text, text.indexOf(':') + 1, text.indexOf(';'), 10);
    }
}
