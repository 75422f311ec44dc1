package io.missive.bench;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one measured window cost and where its time went (read by {@link StageReadings}), and where
 * it goes in the report: the main table's rows ({@link Rows}), the lines of the run's
 * {@link Breakdown} table, and the lines logged as the run goes. Durations in milliseconds, CPU in
 * seconds; NaN (or null, or absent from a map) where a figure could not be had.
 *
 * @param messages    the window's deliveries in messages ({@link Loop.Result#messagesDelivered()}): the
 *                    figures "per message" divide by these
 * @param stages      the send stages' timers ({@link StageReadings#STAGES}), counts in the window
 * @param commands    the store commands seen in the window, by "command.collection", counts in the window
 * @param queues      the queue gauges ({@link StageReadings#QUEUES}) over their samples in the window
 */
record StageFigures(double messages, double serverCpuSeconds, @Nullable Double storeCpuSeconds, double loadCpuSeconds,
                    double idlePercent, double jitPercent, @NotNull Map<String, Jmx.Timer> stages,
                    @NotNull Map<String, Jmx.Timer> commands, @NotNull Map<String, Gauge> queues,
                    double endToEndP50Millis, double endToEndP99Millis) {

    /** A gauge sampled over a window. */
    record Gauge(double mean, double max) {
    }

    /** The main table's rows for one closed-loop run (1:1, a group size, the SDK). */
    record Rows(@NotNull Report.Row combined, @NotNull Report.Row server, @NotNull Report.Row store,
                @NotNull Report.Row load, @NotNull Report.Row idle, @NotNull Report.Row jit) {

        /**
         * The rows of {@code scenario}, their figures named with {@code prefix} and {@code suffix} (", 1,000 members");
         * {@code perMessageOptional}: the run may deliver no message in its window (its figures per message are
         * "–" then).
         */
        static @NotNull Rows of(final @NotNull Report report, final @NotNull String scenario, final @NotNull String prefix,
                                final @NotNull String suffix, final boolean perMessageOptional) {
            final Rows rows = new Rows(
                    report.row(scenario, prefix + "server CPU µs per message" + suffix + " (with its store)"),
                    report.row(scenario, prefix + "server process CPU µs per message" + suffix),
                    report.row(scenario, prefix + "store process CPU µs per message" + suffix
                            + " (embedded store: inside the server process, –)"),
                    report.row(scenario, prefix + "load generator CPU µs per message" + suffix),
                    report.row(scenario, prefix + "machine idle CPU % in the measured window" + suffix),
                    report.row(scenario, prefix + "JIT compiler % of the server process's CPU" + suffix));
            rows.combined.optional = perMessageOptional;
            rows.server.optional = perMessageOptional;
            rows.load.optional = perMessageOptional;
            rows.store.ratio = false;
            rows.store.optional = true;
            rows.idle.ratio = false;
            rows.jit.ratio = false;
            return rows;
        }
    }

    private static final @NotNull Map<String, String> STAGE_LABELS = Map.of(
            "io.missive.send.waited", "send → its store insert sent (`send.waited`)",
            "io.missive.stream.waited", "stream entry → its store insert sent (`stream.waited`)",
            "io.missive.send.stored", "send → stored, the sender's PUBACK released (`send.stored`)",
            "io.missive.send.delivered", "send → the recipient's event handed to the broker (`send.delivered`)");

    /** What a queue gauge counts, for the breakdown table. */
    private static @NotNull String queueLabel(final @NotNull String gauge) {
        final String collection = "`" + gauge.substring(gauge.lastIndexOf('.') + 1) + "`";
        return gauge.contains(".lane-queued.")
                ? "appends waiting behind the previous batch of their conversation or user, " + collection
                : "documents waiting for a store slot, " + collection;
    }

    /** Microseconds of {@code cpuSeconds} per message; NaN without messages. */
    double perMessageMicros(final double cpuSeconds) {
        return messages > 0 ? cpuSeconds * 1e6 / messages : Double.NaN;
    }

    private double perMessage(final long count) {
        return messages > 0 ? count / messages : Double.NaN;
    }

    /** Adds these figures to the main table's rows, in {@code server}'s column. */
    void addTo(final @NotNull Rows rows, final @NotNull ServerProcess server) {
        final double withStore = serverCpuSeconds + (storeCpuSeconds == null ? 0 : storeCpuSeconds);
        add(rows.combined().column(server), perMessageMicros(withStore));
        add(rows.server().column(server), perMessageMicros(serverCpuSeconds));
        if (storeCpuSeconds != null) {
            add(rows.store().column(server), perMessageMicros(storeCpuSeconds));
        }
        add(rows.load().column(server), perMessageMicros(loadCpuSeconds));
        add(rows.idle().column(server), idlePercent);
        add(rows.jit().column(server), jitPercent);
    }

    /** Adds these figures to a Missive configuration's breakdown table; {@code hasStore}: a store process of its own. */
    void addTo(final @NotNull Breakdown.Table table, final boolean hasStore, final double messagesPerSecond) {
        table.roundAdded();
        for (final String stage : StageReadings.STAGES) {
            timer(table.line(Breakdown.Section.STAGES, STAGE_LABELS.get(stage), true, true), stages.get(stage));
        }
        final Breakdown.Line endToEnd = table.line(Breakdown.Section.STAGES,
                "sent → on the receiving device (the load generator's clock, end to end)", true, false);
        add(endToEnd.p50, endToEndP50Millis);
        add(endToEnd.p99, endToEndP99Millis);
        if (commands.isEmpty()) {
            table.line(Breakdown.Section.COMMANDS, "store commands (`" + StageReadings.COMMANDS + "*`)", true, true);
        }
        commands.forEach((command, timer) -> timer(table.line(Breakdown.Section.COMMANDS,
                "store command `" + command.replace('.', ' ') + "`", true, true), timer));
        for (final String queue : StageReadings.QUEUES) {
            final String label = queueLabel(queue);
            final Gauge gauge = queues.get(queue);
            add(table.line(Breakdown.Section.QUEUES, label + ": mean of 1 s samples", false, true).value,
                    gauge == null ? Double.NaN : gauge.mean());
            add(table.line(Breakdown.Section.QUEUES, label + ": max", false, true).value,
                    gauge == null ? Double.NaN : gauge.max());
        }
        add(table.line(Breakdown.Section.CPU, "messages/s in the measured window", false, true).value, messagesPerSecond);
        add(table.line(Breakdown.Section.CPU, "server process CPU, µs per message", false, true).value,
                perMessageMicros(serverCpuSeconds));
        final Breakdown.Line store = table.line(Breakdown.Section.CPU, "store process CPU, µs per message", false, true);
        if (storeCpuSeconds != null) {
            add(store.value, perMessageMicros(storeCpuSeconds));
        } else if (!hasStore) {
            store.missing = "– (inside the server process)";
        }
        add(table.line(Breakdown.Section.CPU, "load generator CPU, µs per message", false, true).value,
                perMessageMicros(loadCpuSeconds));
        add(table.line(Breakdown.Section.CPU, "machine idle CPU, % of the measured window", false, true).value,
                idlePercent);
        add(table.line(Breakdown.Section.CPU, "JIT compiler, % of the server process's CPU", false, true).value,
                jitPercent);
    }

    private void timer(final @NotNull Breakdown.Line line, final @Nullable Jmx.Timer timer) {
        if (timer != null) {
            add(line.p50, timer.p50Millis());
            add(line.p99, timer.p99Millis());
            add(line.value, perMessage(timer.count()));
        }
    }

    /** The lines to log for a round: the stages and the store (a Missive server only), then the CPU. */
    @NotNull List<String> describe(final boolean missive) {
        final List<String> lines = new ArrayList<>();
        if (missive) {
            lines.add("stages p50/p99 ms (count per message): " + StageReadings.STAGES.stream()
                    .map(stage -> stage.substring("io.missive.".length()) + " " + timer(stages.get(stage)))
                    .collect(Collectors.joining(", ")) + "; end to end " + Samples.number(endToEndP50Millis) + "/"
                    + Samples.number(endToEndP99Millis));
            lines.add("store p50/p99 ms (count per message): " + (commands.isEmpty() ? "–" : commands.entrySet().stream()
                    .map(e -> e.getKey().replace('.', ' ') + " " + timer(e.getValue()))
                    .collect(Collectors.joining(", "))) + "; waiting for a slot (mean/max): " + StageReadings.QUEUES.stream()
                    .map(queue -> queue.substring("io.missive.store.".length()) + " " + gauge(queues.get(queue)))
                    .collect(Collectors.joining(", ")));
        }
        lines.add(String.format(Locale.ROOT, "CPU µs per message: server %s, store %s, load generator %s; machine idle "
                        + "%s %%; JIT %s %% of the server's CPU (%,.0f messages in the window)",
                Samples.number(perMessageMicros(serverCpuSeconds)),
                storeCpuSeconds == null ? "–" : Samples.number(perMessageMicros(storeCpuSeconds)),
                Samples.number(perMessageMicros(loadCpuSeconds)), Samples.number(idlePercent),
                Samples.number(jitPercent), messages));
        return lines;
    }

    private @NotNull String timer(final @Nullable Jmx.Timer timer) {
        return timer == null ? "–" : Samples.number(timer.p50Millis()) + "/" + Samples.number(timer.p99Millis())
                + " (" + Samples.number(perMessage(timer.count())) + ")";
    }

    private static @NotNull String gauge(final @Nullable Gauge gauge) {
        return gauge == null ? "–" : Samples.number(gauge.mean()) + "/" + Samples.number(gauge.max());
    }

    /** Adds a figure that could be had (a finite one). */
    private static void add(final @NotNull Samples samples, final double value) {
        if (Double.isFinite(value)) {
            samples.add(value);
        }
    }
}
