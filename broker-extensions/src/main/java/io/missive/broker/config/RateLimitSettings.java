package io.missive.broker.config;

import org.jetbrains.annotations.NotNull;

/**
 * {@code limits.*}: how many sends and other requests a device may make, as token buckets (a rate per
 * second on average, and a burst above it). A rate of 0 turns that limit off.
 */
public record RateLimitSettings(int messagesPerSecond, int messagesBurst, int requestsPerSecond, int requestsBurst) {

    /** The defaults of the configuration keys. */
    public static final @NotNull RateLimitSettings DEFAULTS = new RateLimitSettings(20, 200, 50, 500);
    /** No limits (load tests, benchmarks). */
    public static final @NotNull RateLimitSettings OFF = new RateLimitSettings(0, 1, 0, 1);
}
