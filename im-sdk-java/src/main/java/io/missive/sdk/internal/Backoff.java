package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt n (from 0) waits a random time between half and all of
 * min(max, initial * 2^n), so that many devices cut off together do not come back in lockstep.
 * Stateless; callers count their attempts.
 */
final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final @NotNull DoubleSupplier random;

    Backoff(final @NotNull Duration initial, final @NotNull Duration max) {
        this(initial.toMillis(), max.toMillis(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1) */
    Backoff(final long initialMs, final long maxMs, final @NotNull DoubleSupplier random) {
        if (initialMs < 1 || maxMs < initialMs) {
            throw new IllegalArgumentException("need 1 <= initial <= max, was " + initialMs + ", " + maxMs);
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** @return the delay before attempt {@code attempt} (0 for the first), in milliseconds */
    long delayMs(final int attempt) {
        final long ceiling = ceilingMs(attempt);
        final long half = ceiling / 2;
        return half + (long) (random.getAsDouble() * (ceiling - half));
    }

    /** @return min(max, initial * 2^attempt) */
    long ceilingMs(final int attempt) {
        long ceiling = initialMs;
        for (int i = 0; i < attempt && ceiling < maxMs; i++) {
            ceiling *= 2;
        }
        return Math.min(ceiling, maxMs);
    }
}
