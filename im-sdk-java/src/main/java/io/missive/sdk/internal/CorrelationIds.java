package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MQTT 5 correlation data for requests: 16 bytes, a random prefix chosen per client followed by
 * a counter, so two requests of one client never share it and replies to an earlier client on
 * the same device id are not mistaken for ours.
 */
final class CorrelationIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long prefix;
    private final @NotNull AtomicLong counter = new AtomicLong();

    CorrelationIds() {
        this(new SecureRandom().nextLong());
    }

    CorrelationIds(final long prefix) {
        this.prefix = prefix;
    }

    @NotNull byte[] next() {
        return ByteBuffer.allocate(16).putLong(prefix).putLong(counter.incrementAndGet()).array();
    }

    /** @return the map key of correlation data: its lowercase hex form */
    static @NotNull String key(final @NotNull byte[] correlationData) {
        final char[] chars = new char[correlationData.length * 2];
        for (int i = 0; i < correlationData.length; i++) {
            chars[2 * i] = HEX[(correlationData[i] >> 4) & 0xF];
            chars[2 * i + 1] = HEX[correlationData[i] & 0xF];
        }
        return new String(chars);
    }
}
