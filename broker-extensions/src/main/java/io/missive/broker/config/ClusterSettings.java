package io.missive.broker.config;

import org.jetbrains.annotations.NotNull;

/**
 * {@code cluster.*}: this node's id (resolved: configured, or kept in the extension's folder) and
 * its heartbeat (liveness in Redis lasts 2x that). Used only with {@code redis.uri}.
 */
public final class ClusterSettings {

    public static final @NotNull ClusterSettings DEFAULTS = new ClusterSettings("", 1_000);

    private final @NotNull String nodeId;
    private final int heartbeatMs;

    public ClusterSettings(final @NotNull String nodeId, final int heartbeatMs) {
        this.nodeId = nodeId;
        this.heartbeatMs = heartbeatMs;
    }

    /** {@code cluster.node-id}, resolved; "" without Redis (no cluster then). */
    public @NotNull String nodeId() {
        return nodeId;
    }

    /** {@code cluster.heartbeat-ms}. */
    public int heartbeatMs() {
        return heartbeatMs;
    }
}
