package io.missive.broker.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.missive.broker.request.Publisher;
import io.missive.broker.store.Workers;
import io.missive.broker.sync.DeviceSessions;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.SyncEvent;
import com.google.inject.Provider;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node among those sharing one Redis: renews its liveness (2x {@code cluster.heartbeat-ms})
 * twice per heartbeat, keeps the view of the live nodes that routing reads, registers the devices
 * connected here per user, and publishes here what other nodes relay to it. Each start is a new
 * incarnation of the node ({@code nodeId.epoch}): registry fields a killed earlier run left are
 * those of a dead incarnation, skipped when routing and removed by the first node that meets them.
 */
public final class ClusterNode implements Cluster {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final @NotNull String nodeId;
    private final @NotNull String incarnation;
    private final int heartbeatMs;
    private final @NotNull ClusterRedis redis;
    private final @NotNull Workers workers;
    private final @NotNull Provider<DeviceSessions> sessions;
    private final @NotNull ClusterStats stats = new ClusterStats();
    /** Devices connected here per user: what the registry should say of this incarnation. */
    private final @NotNull ConcurrentHashMap<String, Integer> devices = new ConcurrentHashMap<>();
    private volatile @NotNull NodeView view;
    private volatile @Nullable Publisher local;
    private volatile @Nullable ClusterPublisher publisher;
    private volatile int beats;

    ClusterNode(final @NotNull String nodeId, final int heartbeatMs, final @NotNull ClusterRedis redis,
                final @NotNull Workers workers, final @NotNull Provider<DeviceSessions> sessions) {
        this.nodeId = nodeId;
        this.incarnation = NodeView.incarnation(nodeId, System.currentTimeMillis());
        this.heartbeatMs = heartbeatMs;
        this.redis = redis;
        this.workers = workers;
        this.sessions = sessions;
        this.view = NodeView.alone(incarnation, System::nanoTime);
    }

    @Override
    public @NotNull Publisher wrap(final @NotNull Publisher local) {
        this.local = local;
        final ClusterPublisher wrapped = new ClusterPublisher(local, () -> view, new ClusterPublisher.Transport() {
            @Override
            public @NotNull CompletableFuture<List<Map<String, String>>> holders(final @NotNull List<String> users) {
                return redis.holders(users);
            }

            @Override
            public @NotNull CompletableFuture<Long> forget(final @NotNull String userId,
                                                           final @NotNull List<String> incarnations) {
                return redis.forget(userId, incarnations);
            }

            @Override
            public @NotNull CompletableFuture<Long> publish(final @NotNull String target, final byte @NotNull [] batch) {
                return redis.publish(target, batch);
            }
        }, nodeId, stats);
        publisher = wrapped;
        return wrapped;
    }

    /** Subscribes to this node's channel and starts the heartbeat (the first one at once). */
    @Override
    public void start() {
        redis.subscribe(nodeId, this::received).whenComplete((id, error) -> {
            if (error != null) {
                LOG.warn("Node {} could not subscribe to its relay channel: {}", nodeId, error.toString());
            }
        });
        beat();
        // renewed twice per heartbeat: a peer's renewal is seen here well before its last expiry
        // passes (no flicker), while a dead node's expiry still passes 2x the heartbeat after its last
        workers.repeat(Math.max(1, heartbeatMs / 2), this::beat,
                error -> LOG.warn("Node {}: heartbeat failed; the others count it dead after {} ms without one: {}",
                        nodeId, 2L * heartbeatMs, error.toString()));
        LOG.info("Cluster node {} (incarnation {}), heartbeat every {} ms", nodeId, incarnation, heartbeatMs);
    }

    private @NotNull CompletableFuture<?> beat() {
        return redis.heartbeat(incarnation, 2L * heartbeatMs).thenAccept(heartbeat -> {
            final NodeView before = view;
            final NodeView now = new NodeView(incarnation, heartbeat.expiries, heartbeat.redisTimeMs, System::nanoTime);
            view = now;
            if (!before.peersWhenTaken().equals(now.peersWhenTaken())) {
                LOG.info("Nodes alive with {}: {}", nodeId, now.peersWhenTaken());
            }
            if (beats++ > 0 && !heartbeat.wasAlive) {
                LOG.warn("Node {} was dead to the others (no heartbeat for {} ms); registering its devices again",
                        nodeId, 2L * heartbeatMs);
                devices.forEach((user, count) -> redis.set(user, incarnation, count));
            }
        });
    }

    @Override
    public boolean hasPeers() {
        return view.hasPeers();
    }

    @Override
    public void deviceConnected(final @NotNull String userId) {
        devices.merge(userId, 1, Integer::sum);
        count(userId, 1);
    }

    @Override
    public void deviceDisconnected(final @NotNull String userId) {
        devices.computeIfPresent(userId, (user, n) -> n <= 1 ? null : n - 1);
        count(userId, -1);
    }

    private void count(final @NotNull String userId, final int delta) {
        CompletableFuture<Long> counted;
        try {
            counted = redis.count(userId, incarnation, delta);
        } catch (final RuntimeException e) {
            // the Redis client is closed: the extension is stopping
            counted = CompletableFuture.failedFuture(e);
        }
        counted.whenComplete((n, error) -> {
            if (error != null) {
                LOG.warn("Node {}: the registry missed a device of {} ({}); other nodes may not reach it live: {}",
                        nodeId, userId, delta > 0 ? "connected" : "disconnected", error.toString());
            }
        });
    }

    /** A relay batch from another node: published here, in its order, through the broker. */
    private void received(final byte @NotNull [] message) {
        final Publisher broker = local;
        final RelayBatch batch;
        try {
            batch = RelayBatch.decode(message);
        } catch (final IllegalArgumentException e) {
            LOG.warn("Node {}: undecodable relay message ({} bytes): {}", nodeId, message.length, e.getMessage());
            return;
        }
        if (broker == null) {
            return;
        }
        for (final RelayBatch.Item item : batch.items()) {
            stats.received.increment();
            broker.publish(item.topic(), item.payload(), null).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.debug("Relayed event to {} not published: {}", item.topic(), error.toString());
                }
            });
            tracked(item);
        }
    }

    /** A stream entry published here is owed an acknowledgement by the devices following here. */
    private void tracked(final RelayBatch.@NotNull Item item) {
        final String user = Topics.userOfStream(item.topic());
        if (user == null) {
            return;
        }
        try {
            final long version = SyncEvent.parseFrom(item.payload()).getVersion();
            if (version > 0) {
                sessions.get().published(user, version);
            }
        } catch (final InvalidProtocolBufferException e) {
            LOG.debug("Relayed event to {} is not a sync event", item.topic());
        }
    }

    @Override
    public @NotNull CompletableFuture<Void> leave() {
        return redis.leave(incarnation).thenApply(removed -> null);
    }

    @Override
    public @NotNull String nodeId() {
        return nodeId;
    }

    @Override
    public int nodesAlive() {
        return view.aliveCount();
    }

    @Override
    public @NotNull ClusterStats stats() {
        return stats;
    }

    @Override
    public long redisCommands() {
        return redis.commands();
    }

    @Override
    public int queued() {
        final ClusterPublisher wrapped = publisher;
        return wrapped == null ? 0 : wrapped.queued();
    }

    @Override
    public void close() {
        redis.close();
    }
}
