package io.missive.bench;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one table a run prints: every Missive figure next to the raw broker's, measured in the same
 * run, with their ratio and the target it is held against.
 */
public final class Report {

    /** One figure of one scenario, for Missive, the raw HiveMQ CE reference and Mosquitto. */
    public static final class Row {
        final @NotNull String scenario;
        final @NotNull String metric;
        final @NotNull Samples missive = new Samples();
        final @NotNull Samples raw = new Samples();
        final @NotNull Samples mosquitto = new Samples();
        @Nullable String target;
        /** Ratio Missive/raw shown when both are measured. */
        boolean ratio = true;
        /** What the target check says (set by the scenario that knows the target). */
        @Nullable String verdict;

        Row(final @NotNull String scenario, final @NotNull String metric) {
            this.scenario = scenario;
            this.metric = metric;
        }

        @Nullable Double ratioValue() {
            if (!ratio || missive.isEmpty() || raw.isEmpty() || raw.median() == 0) {
                return null;
            }
            return missive.median() / raw.median();
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

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

    /** The table in Markdown, ready for docs/benchmarks.md. */
    synchronized @NotNull String markdown(final boolean withMosquitto) {
        final StringBuilder out = new StringBuilder();
        out.append("| scenario | figure | Missive | raw HiveMQ CE | Missive / raw |");
        if (withMosquitto) {
            out.append(" Mosquitto |");
        }
        out.append(" target |\n|---|---|---|---|---|");
        if (withMosquitto) {
            out.append("---|");
        }
        out.append("---|\n");
        for (final Row row : rows.values()) {
            final Double ratio = row.ratioValue();
            out.append("| ").append(row.scenario).append(" | ").append(row.metric).append(" | ")
                    .append(row.missive.format()).append(" | ").append(row.raw.format()).append(" | ")
                    .append(ratio == null ? "–" : String.format(Locale.ROOT, "%.0f %%", ratio * 100)).append(" |");
            if (withMosquitto) {
                out.append(' ').append(row.mosquitto.format()).append(" |");
            }
            out.append(' ').append(row.target == null ? "" : row.target)
                    .append(row.verdict == null ? "" : " " + row.verdict).append(" |\n");
        }
        for (final String note : notes) {
            out.append("\n- ").append(note);
        }
        return out.append('\n').toString();
    }
}
