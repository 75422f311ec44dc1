package io.missive.bench;

import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** What every scenario works with: the servers of this run, its size, the report and the provisioner. */
final class Context implements AutoCloseable {

    /** How often devices acknowledge their sync stream (the SDK's batching interval). */
    static final long ACK_INTERVAL_MS = 100;

    final @NotNull Profile profile;
    final @NotNull ServerProcess raw;
    /** The Missive servers under test (one per store configuration). */
    final @NotNull List<ServerProcess> missives;
    final @NotNull Optional<ServerProcess> mosquitto;
    final @NotNull Report report;
    final @NotNull Consumer<String> log;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread thread = new Thread(r, "bench-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<ServerProcess, Provisioner> provisioners = new HashMap<>();

    Context(final @NotNull Profile profile, final @NotNull ServerProcess raw, final @NotNull List<ServerProcess> missives,
            final @NotNull Optional<ServerProcess> mosquitto, final @NotNull Report report,
            final @NotNull Consumer<String> log) {
        this.report = report;
        this.profile = profile;
        this.raw = raw;
        this.missives = List.copyOf(missives);
        this.mosquitto = mosquitto;
        this.log = log;
    }

    /** The reference brokers: the raw HiveMQ CE, and Mosquitto when it runs. */
    @NotNull List<ServerProcess> references() {
        final List<ServerProcess> all = new ArrayList<>();
        all.add(raw);
        mosquitto.ifPresent(all::add);
        return all;
    }

    boolean isMissive(final @NotNull ServerProcess server) {
        return missives.contains(server);
    }

    /** Creates users in the store of a Missive server. */
    synchronized @NotNull Provisioner provisioner(final @NotNull ServerProcess missive) {
        return provisioners.computeIfAbsent(missive, m -> new Provisioner(m.port("mongo"), "missive"));
    }

    /** Acknowledges the devices' sync streams every {@link #ACK_INTERVAL_MS} until the returned handle is closed. */
    @NotNull AutoCloseable acknowledging(final @NotNull List<MissiveDevice> devices) {
        final ScheduledFuture<?> task = timer.scheduleAtFixedRate(() -> devices.forEach(MissiveDevice::flushAck),
                ACK_INTERVAL_MS, ACK_INTERVAL_MS, TimeUnit.MILLISECONDS);
        return () -> {
            task.cancel(false);
            devices.forEach(MissiveDevice::flushAck);
        };
    }

    /** Round r measures the references first when r is even, the Missive servers first when odd. */
    @NotNull List<ServerProcess> order(final int round) {
        final List<ServerProcess> servers = new ArrayList<>();
        if (round % 2 == 0) {
            servers.addAll(references());
            servers.addAll(missives);
        } else {
            servers.addAll(missives);
            servers.addAll(references());
        }
        return servers;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        provisioners.values().forEach(Provisioner::close);
    }
}
