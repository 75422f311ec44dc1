package io.missive.bench;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run prints: the main table, every figure for each Missive configuration next to the raw
 * broker's measured in the same run, with their ratio and the target it is held against (a figure
 * whose rounds disagree by more than 2× is marked {@value Samples#UNSTABLE}); then the
 * {@link Breakdown} of where the time of each closed-loop run went.
 */
public final class Report {

    /** One figure of one scenario, one column of samples per server. */
    public static final class Row {
        final @NotNull String scenario;
        final @NotNull String metric;
        private final Map<String, Samples> columns = new LinkedHashMap<>();
        /** Shown in the target column. */
        @Nullable String target;
        /** Target: Missive / raw at least this. */
        @Nullable Double minRatio;
        /** Target: Missive / raw at most this. */
        @Nullable Double maxRatio;
        /** Target: the Missive value at most this. */
        @Nullable Double maxValue;
        /** Whether Missive / raw means something for this figure. */
        boolean ratio = true;
        /** Whether a Missive configuration may lack this figure ("–"), e.g. a store process the embedded store has not. */
        boolean optional;

        Row(final @NotNull String scenario, final @NotNull String metric) {
            this.scenario = scenario;
            this.metric = metric;
        }

        synchronized @NotNull Samples column(final @NotNull String server) {
            return columns.computeIfAbsent(server, k -> new Samples());
        }

        synchronized @NotNull Samples column(final @NotNull ServerProcess server) {
            return column(server.name());
        }

        /** Median of {@code server} over median of {@code reference}, when both were measured. */
        synchronized @Nullable Double ratio(final @NotNull String server, final @NotNull String reference) {
            final Samples a = columns.get(server);
            final Samples b = columns.get(reference);
            if (!ratio || a == null || b == null || a.isEmpty() || b.isEmpty() || b.median() == 0) {
                return null;
            }
            return a.median() / b.median();
        }

        /** "✔" or "✘" for a Missive column against this row's target; "" without one. */
        synchronized @NotNull String verdict(final @NotNull String server, final @NotNull String reference) {
            final Samples value = columns.get(server);
            if (value == null || value.isEmpty()) {
                return "";
            }
            final Double r = ratio(server, reference);
            if (minRatio != null && r != null) {
                return r >= minRatio ? " ✔" : " ✘";
            }
            if (maxRatio != null && r != null) {
                return r <= maxRatio ? " ✔" : " ✘";
            }
            if (maxValue != null) {
                return value.median() <= maxValue ? " ✔" : " ✘";
            }
            return "";
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Breakdown breakdown = new Breakdown();

    private static @NotNull List<String> concat(final @NotNull String first, final @NotNull List<String> rest) {
        final List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    synchronized @NotNull Row row(final @NotNull String scenario, final @NotNull String metric) {
        return rows.computeIfAbsent(scenario + "\u0000" + metric, k -> new Row(scenario, metric));
    }

    synchronized void note(final @NotNull String note) {
        notes.add(note);
    }

    synchronized @NotNull List<Row> rows() {
        return List.copyOf(rows.values());
    }

    synchronized @NotNull List<String> notes() {
        return List.copyOf(notes);
    }

    /** The per-stage tables printed after the main one. */
    @NotNull Breakdown breakdown() {
        return breakdown;
    }

    /**
     * The report in Markdown: the main table, per Missive configuration its value (with ✔/✘ against
     * the target) and its ratio to {@code reference}, then the reference brokers; its notes; then the
     * breakdown tables.
     */
    synchronized @NotNull String markdown(final @NotNull List<String> missives, final @NotNull String reference,
                                          final @NotNull List<String> others) {
        final StringBuilder out = new StringBuilder("| scenario | figure |");
        final StringBuilder rule = new StringBuilder("|---|---|");
        for (final String missive : missives) {
            out.append(' ').append(missive).append(" | ÷ raw |");
            rule.append("---:|---:|");
        }
        out.append(' ').append(reference).append(" |");
        rule.append("---:|");
        for (final String other : others) {
            out.append(' ').append(other).append(" |");
            rule.append("---:|");
        }
        out.append(" target |\n").append(rule).append("---|\n");
        boolean unstable = false;
        for (final Row row : rows.values()) {
            out.append("| ").append(row.scenario).append(" | ").append(row.metric).append(" |");
            for (final String missive : missives) {
                final Double ratio = row.ratio(missive, reference);
                final Samples samples = row.column(missive);
                out.append(' ').append(samples.format()).append(row.verdict(missive, reference)).append(samples.mark())
                        .append(" | ").append(ratio == null ? "" : String.format(Locale.ROOT, "%.0f %%", ratio * 100))
                        .append(" |");
                unstable |= samples.unstable();
            }
            for (final String server : concat(reference, others)) {
                final Samples samples = row.column(server);
                out.append(' ').append(samples.format()).append(samples.mark()).append(" |");
                unstable |= samples.unstable();
            }
            out.append(' ').append(row.target == null ? "" : row.target).append(" |\n");
        }
        if (unstable) {
            out.append("\n- ").append(Samples.UNSTABLE_FOOTNOTE);
        }
        for (final String note : notes) {
            out.append("\n- ").append(note);
        }
        return out.append('\n').append(breakdown.markdown()).toString();
    }
}
