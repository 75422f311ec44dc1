package io.missive.bench;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

/**
 * The readings of one measured window of a closed or open loop against one server ({@link Loop.Window}):
 * CPU of the server's process and of its store process separately, of the load generator and of
 * the whole machine (from /proc); the JIT compiler's time in the server's JVM; for a Missive server
 * also its own timers and gauges over JMX: the stages of a send, its store commands by type, and the
 * documents waiting for a store slot (sampled every second). /proc and the JIT's time are read right
 * at the window's edges, the extension's metrics just after (a few milliseconds of a window of 30 s).
 * A metric the server does not have is simply not there: the report shows "–" for it.
 */
final class StageReadings implements Loop.Window {

    /**
     * The extension's timers of a send, from its arrival at the extension: until its store insert was
     * sent, until it was stored (the sender's PUBACK released), until the recipient's event went to the broker.
     */
    static final @NotNull List<String> STAGES = List.of("io.missive.send.waited", "io.missive.stream.waited",
            "io.missive.send.stored", "io.missive.send.delivered");
    /** The extension's timers of its store commands, one per command and collection ({@code insert.messages}, …). */
    static final @NotNull String COMMANDS = "io.missive.mongo.command-latency.";
    /** The extension's gauges of the documents waiting for a store slot. */
    static final @NotNull List<String> QUEUES = List.of("io.missive.store.queued.messages",
            "io.missive.store.queued.sync_events", "io.missive.store.lane-queued.messages",
            "io.missive.store.lane-queued.sync_events");
    private static final @NotNull String PREFIX = "io.missive.";
    private static final long SAMPLE_MILLIS = 1_000;

    /** What is read at one edge of the window. */
    private record Snapshot(double serverCpu, @Nullable Double storeCpu, double loadCpu,
                            @Nullable MachineCpu.Jiffies machine, @Nullable Double compilationMillis,
                            @NotNull Map<String, Jmx.Timer> timers) {
    }

    private final @NotNull ServerProcess server;
    private final boolean missive;
    private final @NotNull Map<String, List<Double>> queueSamples = new ConcurrentHashMap<>();
    private volatile @Nullable Snapshot opened;
    private volatile @Nullable Snapshot closed;
    private @Nullable ScheduledExecutorService sampler;

    /**
     * One measured closed-loop run of {@code loop} against {@code server} (the profile's warm-up and
     * measured window), with its readings: added to {@code rows}, for a Missive server to its table of
     * {@code run} in the breakdown, and logged after {@code round} (e.g. "1:1 round 0").
     */
    static @NotNull Loop.Result closedLoop(final @NotNull Context ctx, final @NotNull String run,
                                           final @NotNull String round, final @NotNull ServerProcess server,
                                           final @NotNull Loop loop, final int window,
                                           final @NotNull StageFigures.Rows rows) {
        return measured(ctx, run, round, server,
                readings -> loop.closedLoop(window, ctx.profile.warmup(), ctx.profile.measure(), readings), rows);
    }

    /**
     * One measured open-loop run of {@code loop} against {@code server} at {@code perSecond}, with its
     * readings, like {@link #closedLoop}.
     */
    static @NotNull Loop.Result openLoop(final @NotNull Context ctx, final @NotNull String run,
                                         final @NotNull String round, final @NotNull ServerProcess server,
                                         final @NotNull Loop loop, final double perSecond, final int window,
                                         final @NotNull StageFigures.Rows rows) {
        return measured(ctx, run, round, server,
                readings -> loop.openLoop(perSecond, window, ctx.profile.warmup(), ctx.profile.measure(), readings),
                rows);
    }

    private static @NotNull Loop.Result measured(final @NotNull Context ctx, final @NotNull String run,
                                                 final @NotNull String round, final @NotNull ServerProcess server,
                                                 final @NotNull java.util.function.Function<Loop.Window, Loop.Result> runLoop,
                                                 final @NotNull StageFigures.Rows rows) {
        final boolean missive = ctx.isMissive(server);
        final StageReadings readings = new StageReadings(server, missive);
        final Loop.Result result = runLoop.apply(readings);
        final StageFigures figures = readings.figures(result);
        figures.addTo(rows, server);
        if (missive) {
            figures.addTo(ctx.report.breakdown().table(run, server.name()), server.store().isPresent(),
                    result.messagesPerSecond());
        }
        for (final String line : figures.describe(missive)) {
            ctx.log.accept(String.format("%s %-24s %s", round, server.name(), line));
        }
        return result;
    }

    /** Readings of {@code server}; {@code missive}: it has the extension's metrics. Attaches JMX now, not in the window. */
    StageReadings(final @NotNull ServerProcess server, final boolean missive) {
        this.server = server;
        this.missive = missive;
        if (server.isJava()) {
            try {
                server.jmx().connection();
            } catch (final IOException | RuntimeException e) {
                // no JMX: its figures show "–"
            }
        }
    }

    @Override
    public void opened() {
        final double serverCpu = server.ownCpuSeconds();
        final Double storeCpu = storeCpuSeconds();
        final double loadCpu = MachineCpu.selfSeconds();
        final MachineCpu.Jiffies machine = MachineCpu.machine();
        final Double compilation = compilationMillis();
        final Map<String, ObjectName> metrics = metrics();
        startSampling(metrics);
        opened = new Snapshot(serverCpu, storeCpu, loadCpu, machine, compilation, timers(metrics));
    }

    @Override
    public void closed() {
        final double serverCpu = server.ownCpuSeconds();
        final Double storeCpu = storeCpuSeconds();
        final double loadCpu = MachineCpu.selfSeconds();
        final MachineCpu.Jiffies machine = MachineCpu.machine();
        final Double compilation = compilationMillis();
        stopSampling();
        // the timers' reservoirs are sliding windows (the last 30 s): read them right at the end
        closed = new Snapshot(serverCpu, storeCpu, loadCpu, machine, compilation, timers(metrics()));
    }

    /** The figures of the window, per message of {@code result}; all "–" when the window never closed. */
    @NotNull StageFigures figures(final @NotNull Loop.Result result) {
        final Snapshot from = opened;
        final Snapshot to = closed;
        final boolean delivered = result.latencyMicros().getTotalCount() > 0;
        final double e2e50 = delivered ? result.percentileMillis(50) : Double.NaN;
        final double e2e99 = delivered ? result.percentileMillis(99) : Double.NaN;
        if (from == null || to == null) {
            return new StageFigures(0, Double.NaN, null, Double.NaN, Double.NaN, Double.NaN, Map.of(), Map.of(),
                    Map.of(), e2e50, e2e99);
        }
        final double serverCpu = to.serverCpu() - from.serverCpu();
        final Double storeCpu = to.storeCpu() != null && from.storeCpu() != null ? to.storeCpu() - from.storeCpu() : null;
        final double idle = to.machine() != null && from.machine() != null
                ? to.machine().idlePercentSince(from.machine()) : Double.NaN;
        final double jit = to.compilationMillis() != null && from.compilationMillis() != null && serverCpu > 0
                ? 100 * (to.compilationMillis() - from.compilationMillis()) / (serverCpu * 1000) : Double.NaN;
        final Map<String, Jmx.Timer> stages = new TreeMap<>();
        final Map<String, Jmx.Timer> commands = new TreeMap<>();
        to.timers().forEach((name, end) -> {
            final Jmx.Timer start = from.timers().get(name);
            final Jmx.Timer inWindow = new Jmx.Timer(end.count() - (start == null ? 0 : start.count()), end.p50Millis(),
                    end.p99Millis());
            if (STAGES.contains(name)) {
                stages.put(name, inWindow);
            } else if (name.startsWith(COMMANDS) && inWindow.count() > 0) {
                commands.put(name.substring(COMMANDS.length()), inWindow); // the command types seen in the window
            }
        });
        final Map<String, StageFigures.Gauge> queues = new TreeMap<>();
        queueSamples.forEach((name, values) -> {
            if (!values.isEmpty()) {
                queues.put(name, new StageFigures.Gauge(values.stream().mapToDouble(Double::doubleValue).average()
                        .orElseThrow(), values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
            }
        });
        return new StageFigures(result.messagesDelivered(), serverCpu, storeCpu, to.loadCpu() - from.loadCpu(), idle, jit,
                stages, commands, queues, e2e50, e2e99);
    }

    private @NotNull Map<String, ObjectName> metrics() {
        return missive && server.isJava() ? server.jmx().metrics(PREFIX) : Map.of();
    }

    private @NotNull Map<String, Jmx.Timer> timers(final @NotNull Map<String, ObjectName> metrics) {
        final Map<String, Jmx.Timer> timers = new TreeMap<>();
        metrics.forEach((name, bean) -> {
            if (STAGES.contains(name) || name.startsWith(COMMANDS)) {
                final Jmx.Timer timer = server.jmx().timer(bean);
                if (timer != null) {
                    timers.put(name, timer);
                }
            }
        });
        return timers;
    }

    /** CPU the server's JIT compiler threads used so far, in ms (from /proc: CPU, not elapsed time). */
    private @Nullable Double compilationMillis() {
        return server.isJava() ? MachineCpu.compilerSeconds(server.pid()) * 1000 : null;
    }

    private @Nullable Double storeCpuSeconds() {
        return server.store().map(ServerProcess::ownCpuSeconds).orElse(null);
    }

    /** Samples each queue gauge the server has now and every second until the window closes. */
    private synchronized void startSampling(final @NotNull Map<String, ObjectName> metrics) {
        final Map<String, ObjectName> gauges = new TreeMap<>();
        QUEUES.stream().filter(metrics::containsKey).forEach(name -> gauges.put(name, metrics.get(name)));
        if (gauges.isEmpty()) {
            return;
        }
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "bench-gauges-" + server.name());
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(() -> gauges.forEach((name, bean) -> {
            final Double value = server.jmx().number(bean, "Value");
            if (value != null) {
                queueSamples.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(value);
            }
        }), 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void stopSampling() {
        if (sampler == null) {
            return;
        }
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampler = null;
    }
}
