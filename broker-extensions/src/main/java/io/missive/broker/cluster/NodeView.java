package io.missive.broker.cluster;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * What this node knows of the nodes sharing its Redis, as of its latest heartbeat: each node
 * incarnation ({@code nodeId.epoch}, see {@link #incarnation}) with the time its liveness expires,
 * in Redis' clock. A node is alive while its expiry is in the future; the view estimates Redis' time
 * now from the heartbeat's answer and this node's monotonic clock, so that a node that stopped
 * renewing is dead here when its expiry passes, not at the next heartbeat. Immutable.
 */
final class NodeView {

    /** A field of a node incarnation that expired this long ago (ms) is removed from the registry. */
    static final long STALE_AFTER_MS = 30_000;
    /** An incarnation missing from the view this long (ms) after it started is gone for good. */
    static final long UNANNOUNCED_AFTER_MS = 60_000;

    private final @NotNull String self;
    private final @NotNull Map<String, Long> expiries;
    private final long redisTimeMs;
    private final long localNanos;
    private final @NotNull LongSupplier nanoClock;
    private final @NotNull List<String> peersWhenTaken;

    NodeView(final @NotNull String self, final @NotNull Map<String, Long> expiries, final long redisTimeMs,
             final @NotNull LongSupplier nanoClock) {
        this.self = self;
        this.expiries = Map.copyOf(expiries);
        this.redisTimeMs = redisTimeMs;
        this.nanoClock = nanoClock;
        this.localNanos = nanoClock.getAsLong();
        this.peersWhenTaken = peers();
    }

    /** The view before the first heartbeat: this node alone. */
    static @NotNull NodeView alone(final @NotNull String self, final @NotNull LongSupplier nanoClock) {
        return new NodeView(self, Map.of(), 0, nanoClock);
    }

    /** The incarnation name of a node started at {@code startMs}: {@code nodeId.<startMs in base 36>}. */
    static @NotNull String incarnation(final @NotNull String nodeId, final long startMs) {
        return nodeId + '.' + Long.toString(startMs, 36);
    }

    /** The node id of an incarnation name (node ids have no '.'); null when it is not one. */
    static @Nullable String nodeIdOf(final @NotNull String incarnation) {
        final int dot = incarnation.lastIndexOf('.');
        return dot <= 0 ? null : incarnation.substring(0, dot);
    }

    /** This node's incarnation. */
    @NotNull String self() {
        return self;
    }

    /** Redis' time now, as estimated from the latest heartbeat. */
    long nowMs() {
        return redisTimeMs + (nanoClock.getAsLong() - localNanos) / 1_000_000;
    }

    boolean alive(final @NotNull String incarnation) {
        if (incarnation.equals(self)) {
            return true;
        }
        final Long expiry = expiries.get(incarnation);
        return expiry != null && expiry > nowMs();
    }

    /** Other incarnations alive now. */
    @NotNull List<String> peers() {
        final long now = nowMs();
        return expiries.entrySet().stream().filter(e -> !e.getKey().equals(self) && e.getValue() > now)
                .map(Map.Entry::getKey).sorted().collect(Collectors.toList());
    }

    /** The other incarnations that were alive when the view was taken (for logging changes). */
    @NotNull List<String> peersWhenTaken() {
        return peersWhenTaken;
    }

    boolean hasPeers() {
        final long now = nowMs();
        return expiries.entrySet().stream().anyMatch(e -> !e.getKey().equals(self) && e.getValue() > now);
    }

    /** Nodes alive now, this one included. */
    int aliveCount() {
        return 1 + peers().size();
    }

    /**
     * Whether a registry field of this incarnation is certainly left over by a dead node: it expired
     * more than {@value #STALE_AFTER_MS} ms ago, or it is unknown although it started more than
     * {@value #UNANNOUNCED_AFTER_MS} ms ago (a node announces itself before it admits devices, and
     * long-dead ones are pruned from the view). A node that merely missed a few heartbeats is not.
     */
    boolean stale(final @NotNull String incarnation) {
        if (incarnation.equals(self)) {
            return false;
        }
        final long now = nowMs();
        final Long expiry = expiries.get(incarnation);
        if (expiry != null) {
            return expiry < now - STALE_AFTER_MS;
        }
        final int dot = incarnation.lastIndexOf('.');
        try {
            final long started = Long.parseLong(incarnation.substring(dot + 1), 36);
            return dot > 0 && started < now - UNANNOUNCED_AFTER_MS;
        } catch (final NumberFormatException e) {
            return true;
        }
    }
}
