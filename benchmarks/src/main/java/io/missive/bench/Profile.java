package io.missive.bench;

import org.jetbrains.annotations.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * How big a run is: the full benchmark, or the smoke run of the test suite (seconds, same code).
 * {@code steady}: how each server is warmed up (unmeasured, closed loop) before its first measured
 * round, until its throughput stops rising, so that the measured rounds see the steady state (a cold
 * server spends half its CPU in the JIT compiler). {@code measure}: the measured window of every run;
 * at least 30 s in the full profile, the sliding window of the server's timers, which are read at its end.
 */
public record Profile(@NotNull String name, int rounds, int pairs, int window, @NotNull Duration warmup,
               @NotNull Duration measure, int payloadBytes, @NotNull List<Integer> groupSizes, int speakers,
               int fanoutWindow, int resumeMessages, int connections, int connectConcurrency,
               @NotNull SteadyState.Plan steady, int sdkPairs) {

    public static @NotNull Profile full() {
        return new Profile("full", 3, 100, 8, Duration.ofSeconds(3), Duration.ofSeconds(30), 256,
                List.of(1_000, 5_000), 4, 4, 10_000, 20_000, 256,
                new SteadyState.Plan(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(180)), 20);
    }

    /** Tiny, but through every reading: a warm-up of a few short slices, sub-second measured windows. */
    public static @NotNull Profile smoke() {
        return new Profile("smoke", 1, 2, 4, Duration.ofMillis(300), Duration.ofMillis(700), 256,
                List.of(20), 2, 2, 200, 50, 16,
                new SteadyState.Plan(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1_000)), 1);
    }

    /**
     * Whether every scenario gets servers of its own. The full run: yes, so no scenario measures what an
     * earlier one left behind (the in-memory store keeps every document). The smoke run shares one set
     * across its scenarios (their users do not overlap): it checks the harness, not the figures, and
     * starting servers would be most of its time.
     */
    boolean freshServersPerScenario() {
        return !"smoke".equals(name);
    }

    @NotNull Profile withPairs(final int value, final int windowValue) {
        return new Profile(name, rounds, value, windowValue, warmup, measure, payloadBytes, groupSizes, speakers,
                fanoutWindow, resumeMessages, connections, connectConcurrency, steady, sdkPairs);
    }

    @NotNull Profile withGroupSizes(final @NotNull List<Integer> value) {
        return new Profile(name, rounds, pairs, window, warmup, measure, payloadBytes, value, speakers,
                fanoutWindow, resumeMessages, connections, connectConcurrency, steady, sdkPairs);
    }

    @NotNull Profile withTiming(final @NotNull Duration measureValue, final @NotNull SteadyState.Plan steadyValue) {
        return new Profile(name, rounds, pairs, window, warmup, measureValue, payloadBytes, groupSizes, speakers,
                fanoutWindow, resumeMessages, connections, connectConcurrency, steadyValue, sdkPairs);
    }

    @NotNull Profile withRounds(final int value) {
        return new Profile(name, value, pairs, window, warmup, measure, payloadBytes, groupSizes, speakers,
                fanoutWindow, resumeMessages, connections, connectConcurrency, steady, sdkPairs);
    }
}
