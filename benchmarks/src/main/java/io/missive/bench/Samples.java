package io.missive.bench;

import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The values one figure took over the rounds of a run: reported as median with min–max. */
public final class Samples {

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
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
