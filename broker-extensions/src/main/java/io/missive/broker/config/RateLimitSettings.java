package io.missive.broker.config;

import org.jetbrains.annotations.NotNull;

import java.util.Set;

/**
 * {@code limits.*}: how many sends and other requests a device may make, how many lookups of other users
 * a user may make (a rate a minute), and how many connections a source address may open, as token
 * buckets (a rate on average, and a burst above it). A rate of 0 turns that limit off.
 *
 * @param connectsExempt source addresses (IP literals) without a connect limit
 */
public record RateLimitSettings(int messagesPerSecond, int messagesBurst, int requestsPerSecond, int requestsBurst,
                                int lookupsPerMinute, int lookupsBurst, int connectsPerSecond, int connectsBurst,
                                @NotNull Set<String> connectsExempt) {

    /** The defaults of the configuration keys. */
    public static final @NotNull RateLimitSettings DEFAULTS = new RateLimitSettings(20, 200, 50, 500, 30, 60, 20, 200,
            Set.of("127.0.0.1", "::1"));
    /** No limits (load tests, benchmarks). */
    public static final @NotNull RateLimitSettings OFF = new RateLimitSettings(0, 1, 0, 1);

    /** Device limits only: no lookup limit, no connect limit. */
    public RateLimitSettings(final int messagesPerSecond, final int messagesBurst, final int requestsPerSecond,
                             final int requestsBurst) {
        this(messagesPerSecond, messagesBurst, requestsPerSecond, requestsBurst, 0, 1, 0, 1, Set.of());
    }

    public RateLimitSettings {
        connectsExempt = Set.copyOf(connectsExempt);
    }
}
