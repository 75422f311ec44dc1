package io.missive.bench;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.missive.protocol.v1.ContactTarget;
import io.missive.protocol.v1.Presence;
import io.missive.protocol.v1.PresenceSubscription;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Scenario 5: C idle connections to one server. Missive devices log in with their device tokens
 * and subscribe to both downlink topics; the raw reference connects anonymously and subscribes to
 * two topics too. Measures the connect rate, the server's memory per connection (RSS, and Java
 * heap live after a full GC), and whether presence still works with all of them connected.
 */
final class Connections {

    static final @NotNull String SCENARIO = "connections";
    /** Connections made (and dropped) unmeasured before the first round. */
    private static final int WARM_UP_CONNECTIONS = 4_000;
    /** Descriptors a process needs besides its sockets (jars, epoll, store connections, logs). */
    private static final int DESCRIPTOR_RESERVE = 1_000;

    private Connections() {
    }

    static void run(final @NotNull Context ctx) {
        final Profile p = ctx.profile;
        final int c = Math.min(p.connections(), (int) Math.max(10, openFileLimit() - DESCRIPTOR_RESERVE));
        if (c < p.connections()) {
            ctx.report.note("connections: " + String.format("%,d", c) + " instead of " + String.format("%,d",
                    p.connections()) + ": the open-file limit of a process here is " + String.format("%,d",
                    openFileLimit()) + " (ulimit -n), and the server needs one per connection plus its own files");
        }
        final String count = String.format("%,d", c);
        final Report.Row rate = ctx.report.row(SCENARIO, "connects/s (" + count + " idle, token login + 2 subscriptions)");
        rate.target = "≥ 50 % of raw";
        rate.minRatio = 0.5;
        final Report.Row rss = ctx.report.row(SCENARIO, "server RSS KiB per connection");
        rss.target = "≤ 200 % of raw";
        rss.maxRatio = 2.0;
        final Report.Row heap = ctx.report.row(SCENARIO, "server live heap KiB per connection");
        // RSS moves with the collector's heap sizing (it even shrinks); the heap live after a full GC does not
        heap.target = "≤ 200 % of raw";
        heap.maxRatio = 2.0;
        final Report.Row presence = ctx.report.row(SCENARIO, "ms until a contact sees a login, " + count + " connected");
        presence.ratio = false;
        final Map<ServerProcess, List<Provisioner.Account>> accounts = new HashMap<>();
        final Map<ServerProcess, Presences> presences = new HashMap<>();
        for (final ServerProcess missive : ctx.missives) {
            accounts.put(missive, ctx.provisioner(missive).accounts(IntStream.range(0, c).mapToObj(i -> "c" + i).toList()));
            presences.put(missive, new Presences(ctx, missive));
        }
        try {
            // steady state: every server first connects (and drops) a share of the devices unmeasured,
            // so that the measured connects do not pay for the JIT's first minute
            final int warmUp = Math.min(c, WARM_UP_CONNECTIONS);
            // RSS only grows as the JVM touches memory: measured from the fresh server, not from
            // the warmed-up one (whose heap has grown already), against all connections held
            final Map<ServerProcess, Long> rssFresh = new HashMap<>();
            for (final ServerProcess server : ctx.order(0)) {
                rssFresh.put(server, server.rssBytes());
                final long start = System.nanoTime();
                Load.disconnectAll(connectAll(ctx, server, accounts.get(server), warmUp, "w"));
                ctx.log.accept(String.format("connections warm-up %-24s %,d in %.1f s (not measured)", server.name(),
                        warmUp, (System.nanoTime() - start) / 1e9));
            }
            for (int round = 0; round < p.rounds(); round++) {
                for (final ServerProcess server : ctx.order(round)) {
                    final long rssBefore = rssFresh.get(server);
                    final Optional<Long> heapBefore = server.liveHeapBytes();
                    final long start = System.nanoTime();
                    final List<Mqtt5AsyncClient> clients = connectAll(ctx, server, accounts.get(server), c, "" + round);
                    final double seconds = (System.nanoTime() - start) / 1e9;
                    rate.column(server).add(c / seconds);
                    final long rssAfter = server.rssBytes();
                    rss.column(server).add((rssAfter - rssBefore) / 1024.0 / c);
                    final Optional<Long> heapAfter = server.liveHeapBytes();
                    if (heapBefore.isPresent() && heapAfter.isPresent()) {
                        heap.column(server).add((heapAfter.get() - heapBefore.get()) / 1024.0 / c);
                    }
                    if (ctx.isMissive(server)) {
                        presence.column(server).add(presences.get(server).measure());
                    }
                    ctx.log.accept(String.format("connections round %d %-24s %,d in %.1f s (%,.0f/s), RSS +%,d KiB",
                            round, server.name(), c, seconds, c / seconds, (rssAfter - rssBefore) / 1024));
                    Load.disconnectAll(clients);
                }
            }
        } finally {
            presences.values().forEach(Presences::close);
        }
    }

    /**
     * Connects the first {@code count} devices (Missive: token login and both subscriptions; raw: two
     * subscriptions), at most the profile's number at once; {@code tag} names the raw clients of a round.
     */
    private static @NotNull List<Mqtt5AsyncClient> connectAll(final @NotNull Context ctx,
                                                              final @NotNull ServerProcess server,
                                                              final @Nullable List<Provisioner.Account> accounts,
                                                              final int count, final @NotNull String tag) {
        final Profile p = ctx.profile;
        final List<Mqtt5AsyncClient> clients = new ArrayList<>(count);
        if (ctx.isMissive(server)) {
            final List<MissiveDevice> devices = accounts.subList(0, count).stream()
                    .map(a -> new MissiveDevice(a, server.port())).toList();
            devices.forEach(d -> clients.add(d.client()));
            Load.forEach(devices, p.connectConcurrency(), 600, MissiveDevice::connect);
        } else {
            for (int i = 0; i < count; i++) {
                clients.add(Load.client("idle-" + tag + "-" + i, server.port(), publish -> {
                }));
            }
            final int[] index = {0};
            Load.forEach(clients, p.connectConcurrency(), 600, client -> {
                final int i = index[0]++;
                return Load.connect(client, null, null).thenCompose(x -> Load.subscribe(client,
                        List.of("bench/idle/" + i + "/a", "bench/idle/" + i + "/b")));
            });
        }
        return clients;
    }

    /** The soft limit of open files of this process (as the servers inherit it). */
    static long openFileLimit() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (final Exception e) {
            return Long.MAX_VALUE;
        }
        return Long.MAX_VALUE;
    }

    /** Two contacts: one follows the other's presence while the idle connections are held. */
    private static final class Presences implements AutoCloseable {

        private final @NotNull ServerProcess server;
        private final @NotNull MissiveDevice watcher;
        private final @NotNull Provisioner.Account watched;
        private volatile @NotNull CompletableFuture<Presence> next = new CompletableFuture<>();

        Presences(final @NotNull Context ctx, final @NotNull ServerProcess server) {
            this.server = server;
            final List<Provisioner.Account> pair = ctx.provisioner(server).accounts(List.of("watcher", "watched"));
            this.watched = pair.get(1);
            this.watcher = new MissiveDevice(pair.get(0), server.port());
            watcher.onEvent(event -> {
                if (event.hasPresence()) {
                    next.complete(event.getPresence());
                }
            });
            final MissiveDevice other = new MissiveDevice(watched, server.port());
            Load.await(watcher.connect().thenCompose(x -> other.connect())
                    .thenCompose(x -> watcher.request(Uplink.newBuilder().setRequestContact(
                            ContactTarget.newBuilder().setUserId(watched.userId())).build()))
                    .thenCompose(x -> other.request(Uplink.newBuilder().setAcceptContact(
                            ContactTarget.newBuilder().setUserId(watcher.userId())).build()))
                    .thenCompose(x -> other.disconnect())
                    .thenCompose(x -> watcher.catchUp(500))
                    .thenCompose(x -> watcher.request(Uplink.newBuilder().setSubscribePresence(
                            PresenceSubscription.newBuilder().addUserIds(watched.userId())).build())),
                    60, "presence contacts");
        }

        /** Milliseconds from the watched user's login until the watcher is told it is online. */
        double measure() {
            next = new CompletableFuture<>();
            final MissiveDevice device = new MissiveDevice(watched, server.port());
            final long start = System.nanoTime();
            final Presence online = Load.await(device.connect().thenCompose(x -> next), 60, "presence online");
            final double millis = (System.nanoTime() - start) / 1e6;
            if (!online.getOnline() || !online.getUserId().equals(watched.userId())) {
                throw new IllegalStateException("expected " + watched.userId() + " online, got " + online);
            }
            next = new CompletableFuture<>();
            final Presence offline = Load.await(device.disconnect().thenCompose(x -> next), 60, "presence offline");
            if (offline.getOnline()) {
                throw new IllegalStateException("expected " + watched.userId() + " offline, got " + offline);
            }
            return millis;
        }

        @Override
        public void close() {
            Load.await(watcher.disconnect(), 60, "watcher disconnects");
        }
    }
}
