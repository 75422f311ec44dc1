package io.missive.bench;

import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of a report after its main one: for each closed-loop run and Missive configuration,
 * where the time of a message goes (the stages of a send and the store commands, p50 and p99 from the
 * server's own timers; the documents waiting for a store slot) and what it costs (CPU of each
 * process, the machine's idle share, the JIT's share of the server's CPU). Every cell is median
 * (min–max) over the rounds, like the main table.
 */
final class Breakdown {

    /** The parts of a table, in the order they are printed. */
    enum Section { STAGES, COMMANDS, QUEUES, CPU }

    /**
     * One line of a table: p50 and p99 in ms when {@code timed}, a value (count per message, µs, %, …)
     * when {@code valued}; a cell that applies but has no samples shows {@code missing} ("–" by default).
     */
    static final class Line {
        final @NotNull Section section;
        final @NotNull String label;
        final boolean timed;
        final boolean valued;
        final @NotNull Samples p50 = new Samples();
        final @NotNull Samples p99 = new Samples();
        final @NotNull Samples value = new Samples();
        /** Shown for a missing value, e.g. why a configuration has no such figure. */
        @NotNull String missing = "–";

        Line(final @NotNull Section section, final @NotNull String label, final boolean timed, final boolean valued) {
            this.section = section;
            this.label = label;
            this.timed = timed;
            this.valued = valued;
        }
    }

    /** The lines of one run of one Missive configuration, under a title. */
    static final class Table {
        final @NotNull String title;
        private final Map<String, Line> lines = new LinkedHashMap<>();
        private int rounds;

        Table(final @NotNull String title) {
            this.title = title;
        }

        synchronized @NotNull Line line(final @NotNull Section section, final @NotNull String label, final boolean timed,
                                        final boolean valued) {
            return lines.computeIfAbsent(label, k -> new Line(section, label, timed, valued));
        }

        /** Counts a round whose figures were added: a figure from fewer rounds says so. */
        synchronized void roundAdded() {
            rounds++;
        }

        synchronized int rounds() {
            return rounds;
        }

        /** The lines by section, each section in the order its lines first appeared. */
        synchronized @NotNull List<Line> lines() {
            final List<Line> all = new ArrayList<>(lines.values());
            all.sort(Comparator.comparing(line -> line.section)); // stable: keeps the order within a section
            return all;
        }
    }

    /** The paragraph before the tables. */
    static final @NotNull String HOW_TO_READ = "Where the time goes, per closed-loop run and Missive configuration "
            + "(median (min–max) over the rounds). p50/p99: the server's own timers in ms, read over JMX at the end of "
            + "each measured window (their reservoirs hold the last 30 s); `send →` stages run from a send's arrival at "
            + "the extension. Value: for a timer, how many it counted in the measured window per message delivered in "
            + "it (a group message: its deliveries ÷ listeners), the same divisor as for CPU per message; otherwise as "
            + "the line says. CPU from /proc over the measured window; machine idle: idle + iowait of all cores; JIT "
            + "compiler: the CPU time of the server JVM's compiler threads (`C1/C2 CompilerThread*`, from /proc) over "
            + "the server process's CPU time. \"–\": the server has no such metric, or the window delivered no message.";

    private final Map<String, Table> tables = new LinkedHashMap<>();

    /** The table of {@code run} (e.g. "1:1 closed loop, 100 pairs, window 8") for {@code server}. */
    synchronized @NotNull Table table(final @NotNull String run, final @NotNull String server) {
        return tables.computeIfAbsent(run + "\u0000" + server, k -> new Table(run + ", " + server));
    }

    synchronized @NotNull List<Table> tables() {
        return List.copyOf(tables.values());
    }

    /** Every table in Markdown, after a paragraph saying how to read them; "" when there is none. */
    synchronized @NotNull String markdown() {
        if (tables.isEmpty()) {
            return "";
        }
        final StringBuilder out = new StringBuilder("\n").append(HOW_TO_READ).append('\n');
        boolean unstable = false;
        for (final Table table : tables.values()) {
            out.append("\n**").append(table.title).append("**\n\n| stage or figure | p50 ms | p99 ms | value |\n")
                    .append("|---|---:|---:|---:|\n");
            final int rounds = table.rounds();
            for (final Line line : table.lines()) {
                out.append("| ").append(line.label).append(" | ").append(cell(line.p50, line.timed, "–", rounds))
                        .append(" | ").append(cell(line.p99, line.timed, "–", rounds)).append(" | ")
                        .append(cell(line.value, line.valued, line.missing, rounds)).append(" |\n");
                unstable |= line.p50.unstable() || line.p99.unstable() || line.value.unstable();
            }
        }
        if (unstable) {
            out.append("\n- ").append(Samples.UNSTABLE_FOOTNOTE).append('\n');
        }
        return out.toString();
    }

    /** A cell: "" where it does not apply, {@code missing} without samples, and how many rounds had it when not all. */
    private static @NotNull String cell(final @NotNull Samples samples, final boolean applies,
                                        final @NotNull String missing, final int rounds) {
        if (!applies) {
            return "";
        }
        if (samples.isEmpty()) {
            return missing;
        }
        final String some = samples.count() < rounds ? " (" + samples.count() + " of " + rounds + " rounds)" : "";
        return samples.format() + samples.mark() + some;
    }
}
