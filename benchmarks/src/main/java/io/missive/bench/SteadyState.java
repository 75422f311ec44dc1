package io.missive.bench;

import org.jetbrains.annotations.NotNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Warming a server up until its throughput stops rising, before its first measured round: a cold
 * JVM spends about half of its CPU in the JIT compiler, and its figures keep rising for a minute or
 * more. The closed loop runs in slices; the warm-up ends with the first slice less than
 * {@value #RISE_PERCENT} % above the best earlier one, but never before {@code min} and never after
 * {@code max} of it.
 */
final class SteadyState {

    /** A slice this much (in %) above the best earlier one still counts as rising. */
    static final int RISE_PERCENT = 5;

    /** How to warm up: slices of {@code slice}, at least {@code min} and at most {@code max} in all. */
    record Plan(@NotNull Duration slice, @NotNull Duration min, @NotNull Duration max) {

        Plan {
            if (slice.isZero() || slice.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("a warm-up needs slices and min <= max: " + slice + ", " + min
                        + ", " + max);
            }
        }

        /** Whether the warm-up can end after slices of these rates (messages/s, in order). */
        boolean reached(final @NotNull List<Double> rates) {
            final Duration elapsed = slice.multipliedBy(rates.size());
            if (elapsed.compareTo(max) >= 0) {
                return true;
            }
            if (elapsed.compareTo(min) < 0 || rates.size() < 2) {
                return false;
            }
            final double last = rates.get(rates.size() - 1);
            final double bestEarlier = rates.subList(0, rates.size() - 1).stream()
                    .mapToDouble(Double::doubleValue).max().orElseThrow();
            return last < bestEarlier * (1 + RISE_PERCENT / 100.0);
        }

        @NotNull String describe() {
            return String.format(Locale.ROOT, "warmed up until its throughput stops rising (%s slices, stop at the "
                            + "first < %d %% above the best earlier one, %s–%s)", seconds(slice), RISE_PERCENT,
                    seconds(min), seconds(max));
        }
    }

    private SteadyState() {
    }

    /** Runs {@code loop} closed with {@code window} per sender until {@code plan} is reached, and logs the slices. */
    static void warmUp(final @NotNull Context ctx, final @NotNull String what, final @NotNull ServerProcess server,
                       final @NotNull Loop loop, final int window) {
        final Plan plan = ctx.profile.steady();
        final List<Double> rates = loop.closedLoopSlices(window, plan.slice(), plan::reached);
        ctx.log.accept(String.format(Locale.ROOT, "%s warm-up %-24s %s: msg/s per %s slice: %s", what, server.name(),
                seconds(plan.slice().multipliedBy(rates.size())), seconds(plan.slice()),
                rates.stream().map(Samples::number).collect(Collectors.joining(" "))));
    }

    static @NotNull String seconds(final @NotNull Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }
}
