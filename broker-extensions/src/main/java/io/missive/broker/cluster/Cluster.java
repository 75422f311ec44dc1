package io.missive.broker.cluster;

import io.missive.broker.request.Publisher;
import io.missive.broker.store.Periodic;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;

/**
 * This node among the brokers sharing one Redis (docs/cluster.md): {@link ClusterNode} with
 * {@code redis.uri}, else {@link NoCluster}, a node alone that routes nothing.
 */
public interface Cluster extends Periodic, AutoCloseable {

    /**
     * The publisher the features use: {@code local} (the broker's), and with clustering on, also
     * a relay of what goes to a user's topic to the other nodes that hold a device of the user.
     */
    @NotNull Publisher wrap(@NotNull Publisher local);

    /** Whether another node is alive now (a node alone makes no routing lookups). */
    boolean hasPeers();

    /** A device of the user authenticated on this node. */
    void deviceConnected(@NotNull String userId);

    /** A device of the user that had authenticated on this node disconnected. */
    void deviceDisconnected(@NotNull String userId);

    /** Tells the other nodes that this one is leaving (a clean stop). */
    @NotNull CompletableFuture<Void> leave();

    /** This node's id; "" without clustering. */
    @NotNull String nodeId();

    /** Nodes alive now, this one included (1 without clustering). */
    int nodesAlive();

    @NotNull ClusterStats stats();

    /** Commands sent to Redis for liveness, the registry and relays. */
    long redisCommands();

    /** Items waiting for a registry lookup or a relay. */
    int queued();

    @Override
    void close();
}
