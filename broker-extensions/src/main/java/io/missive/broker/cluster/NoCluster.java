package io.missive.broker.cluster;

import io.missive.broker.request.Publisher;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;

/** Without Redis: this node alone, publishing locally only, at no cost. */
public final class NoCluster implements Cluster {

    private final @NotNull ClusterStats stats = new ClusterStats();

    @Override
    public @NotNull Publisher wrap(final @NotNull Publisher local) {
        return local;
    }

    @Override
    public boolean hasPeers() {
        return false;
    }

    @Override
    public void deviceConnected(final @NotNull String userId) {
    }

    @Override
    public void deviceDisconnected(final @NotNull String userId) {
    }

    @Override
    public @NotNull CompletableFuture<Void> leave() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public @NotNull String nodeId() {
        return "";
    }

    @Override
    public int nodesAlive() {
        return 1;
    }

    @Override
    public @NotNull ClusterStats stats() {
        return stats;
    }

    @Override
    public long redisCommands() {
        return 0;
    }

    @Override
    public int queued() {
        return 0;
    }

    @Override
    public void start() {
    }

    @Override
    public void close() {
    }
}
