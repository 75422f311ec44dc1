package io.missive.bench;

import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The values one figure took over the rounds of a run: reported as median with min–max, and marked
 * {@value #UNSTABLE} when min and max lie more than 2× apart.
 */
public final class Samples {

    /** The mark of an unstable figure, after its value. */
    static final @NotNull String UNSTABLE = "⚠ unstable";
    /** The footnote a table with an unstable figure gets. */
    static final @NotNull String UNSTABLE_FOOTNOTE = UNSTABLE + ": the figure's min–max over the rounds spans more "
            + "than 2× (or crosses zero): the rounds disagree, do not trust its median.";

    private final List<Double> values = new ArrayList<>();

    synchronized void add(final double value) {
        values.add(value);
    }

    synchronized boolean isEmpty() {
        return values.isEmpty();
    }

    synchronized double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        final int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    synchronized double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    synchronized double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    synchronized int count() {
        return values.size();
    }

    /**
     * Whether min and max over the rounds lie more than 2× apart (or on both sides of zero): the rounds
     * disagree too much for the median to mean much. Never for a single round.
     */
    synchronized boolean unstable() {
        if (values.size() < 2) {
            return false;
        }
        final double min = min();
        final double max = max();
        if (min > 0) {
            return max > 2 * min;
        }
        if (max < 0) {
            return min < 2 * max;
        }
        return min != max; // one of them is zero, or they have different signs
    }

    /** {@code " ⚠ unstable"} for an {@link #unstable()} figure, else "". */
    @NotNull String mark() {
        return unstable() ? " " + UNSTABLE : "";
    }

    /** "median (min–max)", or just the value for a single round. */
    synchronized @NotNull String format() {
        if (values.isEmpty()) {
            return "–";
        }
        if (values.size() == 1) {
            return number(values.get(0));
        }
        return number(median()) + " (" + number(min()) + "–" + number(max()) + ")";
    }

    static @NotNull String number(final double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        final double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs < 0.001 && value != 0) {
            return value > 0 ? "< 0.001" : "> -0.001";
        }
        if (abs < 0.1 && value != 0) {
            return String.format(Locale.ROOT, "%.3f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
