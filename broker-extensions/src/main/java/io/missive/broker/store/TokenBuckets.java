package io.missive.broker.store;

import org.jetbrains.annotations.NotNull;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a device, a source address): each holds up to {@code burst} tokens, refilled
 * continuously at {@code rate} a second; taking one either succeeds or says how long until one is
 * there. A bucket that has filled up again holds no state: {@link #sweep()} drops those.
 */
public final class TokenBuckets {

    /** Tokens a second. */
    private final double rate;
    private final int burst;
    private final @NotNull LongSupplier nanos;
    private final @NotNull ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param rate  tokens a second (at least 1)
     * @param burst tokens a bucket holds at most (at least 1)
     * @param nanos the clock, e.g. {@code System::nanoTime}
     */
    public TokenBuckets(final int rate, final int burst, final @NotNull LongSupplier nanos) {
        this((double) rate, burst, nanos);
    }

    /**
     * @param perMinute tokens a minute (at least 1)
     * @param burst     tokens a bucket holds at most (at least 1)
     * @param nanos     the clock, e.g. {@code System::nanoTime}
     */
    public static @NotNull TokenBuckets perMinute(final int perMinute, final int burst,
                                                  final @NotNull LongSupplier nanos) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        return new TokenBuckets(perMinute / 60.0, burst, nanos);
    }

    private TokenBuckets(final double rate, final int burst, final @NotNull LongSupplier nanos) {
        if (!(rate > 0) || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.rate = rate;
        this.burst = burst;
        this.nanos = nanos;
    }

    /** @return 0 when a token of the key's bucket was taken, else the milliseconds until one is there (at least 1) */
    public long take(final @NotNull String key) {
        final long now = nanos.getAsLong();
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(rate, burst, now);
    }

    /** @return 0 when the key's bucket holds a token now (none is taken), else the milliseconds until one is there */
    public long waitMs(final @NotNull String key) {
        final Bucket bucket = buckets.get(key);
        return bucket == null ? 0 : bucket.waitMs(rate, burst, nanos.getAsLong());
    }

    /** Drops the buckets that have filled up again: a new one would start the same. */
    public void sweep() {
        final long now = nanos.getAsLong();
        buckets.values().removeIf(bucket -> bucket.full(rate, burst, now));
    }

    /** Buckets kept now. */
    public int size() {
        return buckets.size();
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(final int burst, final long now) {
            this.tokens = burst;
            this.at = now;
        }

        synchronized long take(final double rate, final int burst, final long now) {
            final long waitMs = waitMs(rate, burst, now);
            if (waitMs == 0) {
                tokens -= 1;
            }
            return waitMs;
        }

        synchronized long waitMs(final double rate, final int burst, final long now) {
            refill(rate, burst, now);
            if (tokens >= 1) {
                return 0;
            }
            // the small allowance keeps rounding errors of the refill from adding a millisecond
            return Math.max(1, (long) Math.ceil((1 - tokens) * 1000.0 / rate - 1e-6));
        }

        synchronized boolean full(final double rate, final int burst, final long now) {
            refill(rate, burst, now);
            return tokens >= burst;
        }

        private void refill(final double rate, final int burst, final long now) {
            tokens = Math.min(burst, tokens + (now - at) * rate / 1e9);
            at = now;
        }
    }
}
