package io.missive.bench;

import org.jetbrains.annotations.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * How big a run is: the full benchmark, or the smoke run of the test suite (seconds, same code).
 * {@code jitWarmup}: an unmeasured closed-loop run per server before the first measured one, so
 * that the measured rounds see compiled code (a cold server spends half its CPU in the JIT compiler).
 */
public record Profile(@NotNull String name, int rounds, int pairs, int window, @NotNull Duration warmup,
               @NotNull Duration measure, int payloadBytes, @NotNull List<Integer> groupSizes, int speakers,
               int fanoutWindow, int resumeMessages, int connections, int connectConcurrency,
               @NotNull Duration jitWarmup, int sdkPairs) {

    public static @NotNull Profile full() {
        return new Profile("full", 3, 100, 8, Duration.ofSeconds(3), Duration.ofSeconds(8), 256,
                List.of(1_000, 5_000), 4, 4, 10_000, 20_000, 256, Duration.ofSeconds(20), 20);
    }

    public static @NotNull Profile smoke() {
        return new Profile("smoke", 1, 2, 4, Duration.ofMillis(300), Duration.ofMillis(700), 256,
                List.of(20), 2, 2, 200, 50, 16, Duration.ZERO, 1);
    }

    @NotNull Profile withPairs(final int value, final int windowValue) {
        return new Profile(name, rounds, value, windowValue, warmup, measure, payloadBytes, groupSizes, speakers,
                fanoutWindow, resumeMessages, connections, connectConcurrency, jitWarmup, sdkPairs);
    }

    @NotNull Profile withGroupSizes(final @NotNull List<Integer> value) {
        return new Profile(name, rounds, pairs, window, warmup, measure, payloadBytes, value, speakers,
                fanoutWindow, resumeMessages, connections, connectConcurrency, jitWarmup, sdkPairs);
    }

    @NotNull Profile withRounds(final int value) {
        return new Profile(name, value, pairs, window, warmup, measure, payloadBytes, groupSizes, speakers,
                fanoutWindow, resumeMessages, connections, connectConcurrency, jitWarmup, sdkPairs);
    }
}
