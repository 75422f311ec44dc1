package io.missive.broker.cluster;

import org.jetbrains.annotations.NotNull;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Redis side of routing between nodes, every call asynchronous. Keys (each script touches one
 * key, so all of it works on Redis Cluster too):
 * <ul>
 *   <li>{@code missive:nodes}: sorted set, member = node incarnation, score = when its liveness
 *       expires (ms, Redis' clock);</li>
 *   <li>{@code missive:{u:<userId>}:nodes}: hash per user, field = node incarnation, value = how
 *       many of the user's devices are connected there (the hash tag keeps a user's key in one slot);</li>
 *   <li>channel {@code missive:node:{<nodeId>}}: relay batches for one node.</li>
 * </ul>
 */
final class ClusterRedis implements AutoCloseable {

    static final @NotNull String NODES = "missive:nodes";
    /** Liveness records that expired this long ago (ms) are pruned at the next heartbeat. */
    static final long PRUNE_AFTER_MS = 600_000;

    /**
     * KEYS[1] the node set. ARGV[1] incarnation, ARGV[2] liveness (ms), ARGV[3] prune age (ms).
     * Renews the node's expiry on Redis' clock, prunes long-dead ones and returns
     * {now, was-alive (1/0), member, expiry, member, expiry, ...}.
     */
    private static final String HEARTBEAT = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
            "local before = redis.call('ZSCORE', KEYS[1], ARGV[1])",
            "local was = 0",
            "if before and tonumber(before) > now then was = 1 end",
            "redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])",
            "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))",
            "local out = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')",
            "table.insert(out, 1, tostring(was))",
            "table.insert(out, 1, string.format('%d', now))",
            "return out");

    /** KEYS[1] a user's hash. ARGV[1] incarnation, ARGV[2] delta. The field goes when it is 0: increments commute, in any order of arrival. */
    private static final String COUNT = String.join("\n",
            "local n = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])",
            "if n == 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end",
            "return n");

    private final @NotNull RedissonClient redis;
    private final @NotNull RScript scripts;
    private final @NotNull AtomicLong commands = new AtomicLong();

    private ClusterRedis(final @NotNull RedissonClient redis) {
        this.redis = redis;
        this.scripts = redis.getScript(StringCodec.INSTANCE);
    }

    /** A client for the Redis at uri; it connects lazily (creating it succeeds while Redis is down). */
    static @NotNull ClusterRedis connect(final @NotNull String uri) {
        final Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setLazyInitialization(true);
        config.setNettyThreads(2);
        config.useSingleServer()
                .setAddress(uri)
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(4)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(2)
                .setConnectTimeout(2_000)
                .setTimeout(2_000)
                .setRetryAttempts(1)
                .setRetryDelay(new ConstantDelay(Duration.ofMillis(200)))
                .setPingConnectionInterval(5_000);
        return new ClusterRedis(Redisson.create(config));
    }

    static @NotNull String userKey(final @NotNull String userId) {
        return "missive:{u:" + userId + "}:nodes";
    }

    static @NotNull String channel(final @NotNull String nodeId) {
        return "missive:node:{" + nodeId + "}";
    }

    /** Renews this incarnation's liveness; completes with the view of every node. */
    @NotNull CompletableFuture<Heartbeat> heartbeat(final @NotNull String incarnation, final long livenessMs) {
        return timed(() -> scripts.<List<Object>>evalAsync(RScript.Mode.READ_WRITE, HEARTBEAT,
                RScript.ReturnType.MULTI, List.of(NODES), incarnation, Long.toString(livenessMs),
                Long.toString(PRUNE_AFTER_MS)))
                .thenApply(Heartbeat::of);
    }

    /** Removes this incarnation's liveness (a clean stop: the others see it gone at once). */
    @NotNull CompletableFuture<Boolean> leave(final @NotNull String incarnation) {
        return timed(() -> redis.getScoredSortedSet(NODES, StringCodec.INSTANCE).removeAsync(incarnation));
    }

    /** Adds delta to the user's device count on this incarnation; completes with the new count. */
    @NotNull CompletableFuture<Long> count(final @NotNull String userId, final @NotNull String incarnation,
                                           final int delta) {
        return timed(() -> scripts.<Long>evalAsync(RScript.Mode.READ_WRITE, COUNT, RScript.ReturnType.INTEGER,
                List.of(userKey(userId)), incarnation, Integer.toString(delta)));
    }

    /** Sets the user's device count on this incarnation (registering again after being counted dead). */
    @NotNull CompletableFuture<Boolean> set(final @NotNull String userId, final @NotNull String incarnation,
                                            final int count) {
        return timed(() -> redis.<String, String>getMap(userKey(userId), StringCodec.INSTANCE)
                .fastPutAsync(incarnation, Integer.toString(count)));
    }

    /** Each user's hash (incarnation → device count), in one pipelined round trip. */
    @NotNull CompletableFuture<List<Map<String, String>>> holders(final @NotNull List<String> users) {
        final RBatch batch = redis.createBatch(BatchOptions.defaults());
        final List<RFuture<Map<String, String>>> reads = new ArrayList<>(users.size());
        for (final String user : users) {
            reads.add(batch.<String, String>getMap(userKey(user), StringCodec.INSTANCE).readAllMapAsync());
        }
        return timed(batch::executeAsync).thenApply(done -> {
            final List<Map<String, String>> result = new ArrayList<>(reads.size());
            for (final RFuture<Map<String, String>> read : reads) {
                result.add(read.toCompletableFuture().join());
            }
            return result;
        });
    }

    /** Removes fields of dead incarnations from a user's hash. */
    @NotNull CompletableFuture<Long> forget(final @NotNull String userId, final @NotNull List<String> incarnations) {
        return timed(() -> redis.<String, String>getMap(userKey(userId), StringCodec.INSTANCE)
                .fastRemoveAsync(incarnations.toArray(new String[0])));
    }

    /** Publishes a relay batch to a node's channel; completes with the number of receivers. */
    @NotNull CompletableFuture<Long> publish(final @NotNull String nodeId, final byte @NotNull [] batch) {
        return timed(() -> redis.getTopic(channel(nodeId), ByteArrayCodec.INSTANCE).publishAsync(batch));
    }

    /** Delivers what arrives on this node's channel, in order, on Redisson's thread (must not block). */
    @NotNull CompletableFuture<Integer> subscribe(final @NotNull String nodeId,
                                                  final @NotNull Consumer<byte[]> receiver) {
        final RTopic topic = redis.getTopic(channel(nodeId), ByteArrayCodec.INSTANCE);
        return timed(() -> topic.addListenerAsync(byte[].class, (channel, message) -> receiver.accept(message)));
    }

    /** Commands sent so far (scripts, reads, pipelines, publishes). */
    long commands() {
        return commands.get();
    }

    private <T> @NotNull CompletableFuture<T> timed(final @NotNull Supplier<CompletionStage<T>> command) {
        commands.incrementAndGet();
        return command.get().toCompletableFuture();
    }

    @Override
    public void close() {
        redis.shutdown();
    }

    /** A heartbeat's answer: Redis' time, whether this node was alive before it, and every node's expiry. */
    static final class Heartbeat {
        final long redisTimeMs;
        final boolean wasAlive;
        final @NotNull Map<String, Long> expiries;

        Heartbeat(final long redisTimeMs, final boolean wasAlive, final @NotNull Map<String, Long> expiries) {
            this.redisTimeMs = redisTimeMs;
            this.wasAlive = wasAlive;
            this.expiries = expiries;
        }

        static @NotNull Heartbeat of(final @NotNull List<Object> reply) {
            final Map<String, Long> expiries = new HashMap<>();
            for (int i = 2; i + 1 < reply.size(); i += 2) {
                expiries.put(reply.get(i).toString(), (long) Double.parseDouble(reply.get(i + 1).toString()));
            }
            return new Heartbeat(Long.parseLong(reply.get(0).toString()), "1".equals(reply.get(1).toString()),
                    expiries);
        }
    }
}
