package io.missive.broker.cluster;

import io.missive.broker.request.Publisher;
import io.missive.protocol.Topics;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The broker's publisher, plus routing: a message for a user's topic ({@code im/u/<user>}) is
 * published here as before, and, while another node is alive, also handed to the nodes that hold
 * a device of the user. Replies ({@code im/d/...}, with correlation data or not) stay local: the
 * device they answer is connected here.
 *
 * <p>Order: the lookups of the users' nodes go out one pipelined batch at a time ({@link OrderedLane}),
 * and their answers are dispatched in submission order into one lane per target node, which
 * publishes one Redis message at a time. So what this node publishes for a user reaches each other
 * node in the order it was published here, and Redis delivers a channel's messages in order.
 */
final class ClusterPublisher implements Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPublisher.class);
    /** Events waiting for their user's lookup: a few messages to big groups (an event per member; the payload is shared). */
    static final int MAX_QUEUED_LOOKUPS = 100_000;
    static final int LOOKUP_BATCH = 512;
    static final int MAX_QUEUED_PER_NODE = 10_000;
    static final int RELAY_BATCH_ITEMS = 512;
    static final int RELAY_BATCH_BYTES = 512 * 1024;

    /** The Redis operations routing needs ({@link ClusterRedis}; a fake in tests). */
    interface Transport {
        @NotNull CompletableFuture<List<Map<String, String>>> holders(@NotNull List<String> users);

        @NotNull CompletableFuture<Long> forget(@NotNull String userId, @NotNull List<String> incarnations);

        @NotNull CompletableFuture<Long> publish(@NotNull String nodeId, byte @NotNull [] batch);
    }

    private final @NotNull Publisher local;
    private final @NotNull Supplier<NodeView> view;
    private final @NotNull Transport transport;
    private final @NotNull String nodeId;
    private final @NotNull ClusterStats stats;
    private final @NotNull OrderedLane<Pending> lookups;
    private final @NotNull ConcurrentHashMap<String, OrderedLane<RelayBatch.Item>> lanes = new ConcurrentHashMap<>();

    ClusterPublisher(final @NotNull Publisher local, final @NotNull Supplier<NodeView> view,
                     final @NotNull Transport transport, final @NotNull String nodeId,
                     final @NotNull ClusterStats stats) {
        this.local = local;
        this.view = view;
        this.transport = transport;
        this.nodeId = nodeId;
        this.stats = stats;
        this.lookups = new OrderedLane<>(MAX_QUEUED_LOOKUPS, LOOKUP_BATCH, LOOKUP_BATCH, p -> 1, this::route,
                stats.dropped);
    }

    @Override
    public @NotNull CompletableFuture<Void> publish(final @NotNull String topic, final byte @NotNull [] payload,
                                                   final @Nullable ByteBuffer correlationData) {
        final CompletableFuture<Void> published = local.publish(topic, payload, correlationData);
        if (correlationData == null) {
            final String user = Topics.userOfStream(topic);
            if (user != null && view.get().hasPeers()) {
                lookups.offer(new Pending(user, new RelayBatch.Item(topic, payload)));
            }
        }
        return published;
    }

    /** Looks up one batch's users and dispatches each item, in order, to the lanes of its live nodes. */
    private @NotNull CompletableFuture<Void> route(final @NotNull List<Pending> batch) {
        final Set<String> distinct = new LinkedHashSet<>();
        batch.forEach(p -> distinct.add(p.user));
        final List<String> users = new ArrayList<>(distinct);
        stats.lookups.add(users.size());
        return transport.holders(users).handle((holders, error) -> {
            if (error != null) {
                stats.dropped.add(batch.size());
                LOG.debug("Registry lookup of {} users failed; their devices elsewhere catch up by sync: {}",
                        users.size(), error.toString());
                return null;
            }
            final Map<String, Map<String, String>> byUser = new HashMap<>();
            for (int i = 0; i < users.size(); i++) {
                byUser.put(users.get(i), i < holders.size() && holders.get(i) != null ? holders.get(i) : Map.of());
            }
            dispatch(batch, byUser, view.get());
            return null;
        });
    }

    private void dispatch(final @NotNull List<Pending> batch, final @NotNull Map<String, Map<String, String>> byUser,
                          final @NotNull NodeView now) {
        final Map<String, List<String>> stale = new LinkedHashMap<>();
        final Map<String, List<String>> targetsByUser = new HashMap<>();
        for (final Pending pending : batch) {
            final List<String> targets = targetsByUser.computeIfAbsent(pending.user,
                    user -> targets(user, byUser.get(user), now, stale));
            for (final String target : targets) {
                lane(target).offer(pending.item);
            }
        }
        stale.forEach((user, incarnations) -> transport.forget(user, incarnations).whenComplete((n, error) -> {
            if (error != null) {
                LOG.debug("Could not forget dead nodes of {}: {}", user, error.toString());
            }
        }));
    }

    /** The other live nodes holding a device of the user; fields of dead nodes are collected in stale. */
    private @NotNull List<String> targets(final @NotNull String user, final @NotNull Map<String, String> fields,
                                          final @NotNull NodeView now, final @NotNull Map<String, List<String>> stale) {
        final Set<String> nodes = new LinkedHashSet<>();
        fields.forEach((incarnation, count) -> {
            final String node = NodeView.nodeIdOf(incarnation);
            if (node == null || node.equals(nodeId)) {
                return;
            }
            if (now.alive(incarnation)) {
                if (positive(count)) {
                    nodes.add(node);
                }
            } else if (now.stale(incarnation)) {
                stale.computeIfAbsent(user, u -> new ArrayList<>()).add(incarnation);
            }
        });
        return new ArrayList<>(nodes);
    }

    private static boolean positive(final @NotNull String count) {
        try {
            return Long.parseLong(count) > 0;
        } catch (final NumberFormatException e) {
            return false;
        }
    }

    private @NotNull OrderedLane<RelayBatch.Item> lane(final @NotNull String target) {
        return lanes.computeIfAbsent(target, node -> new OrderedLane<>(MAX_QUEUED_PER_NODE, RELAY_BATCH_ITEMS,
                RELAY_BATCH_BYTES, RelayBatch.Item::encodedSize, items -> relay(node, items), stats.dropped));
    }

    private @NotNull CompletableFuture<Void> relay(final @NotNull String target,
                                                   final @NotNull List<RelayBatch.Item> items) {
        stats.relayMessages.increment();
        return transport.publish(target, new RelayBatch(nodeId, items).encode()).handle((receivers, error) -> {
            if (error != null || receivers == null || receivers == 0) {
                stats.dropped.add(items.size());
                LOG.debug("Relay of {} items to node {} not delivered: {}", items.size(), target,
                        error != null ? error.toString() : "no receiver");
            } else {
                stats.relayed.add(items.size());
            }
            return null;
        });
    }

    /** Items waiting for a lookup or a relay (a gauge's worth of backlog). */
    int queued() {
        return lookups.queued() + lanes.values().stream().mapToInt(OrderedLane::queued).sum();
    }

    /** One message to route: its user and what to publish on the other nodes. */
    private static final class Pending {
        final @NotNull String user;
        final RelayBatch.@NotNull Item item;

        Pending(final @NotNull String user, final RelayBatch.@NotNull Item item) {
            this.user = user;
            this.item = item;
        }
    }
}
