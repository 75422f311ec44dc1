package io.missive.storage.counters;

import org.jetbrains.annotations.NotNull;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
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
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Unread counters in Redis, one hash per user. For each conversation the hash keeps the highest
 * seq the user has been counted for ({@code l:}), the highest seq they read ({@code r:}) and the
 * count {@code c: = max(0, l - r)}, plus {@code _total}, the sum of the counts. Every change is a
 * Lua script that moves {@code l} and {@code r} only upwards and fixes the count and the total in
 * the same step, so the total never disagrees with its parts, concurrent changes commute, and
 * applying one twice changes nothing. The counts are derivable from MongoDB (each conversation's
 * latest seq and the member's read seq): {@link #reconcile} rewrites a user's hash from that truth
 * and marks it complete ({@code _init}); a hash without the mark (Redis lost its data) is
 * reconciled before it is read.
 *
 * <p>The scripts touch several users' keys at once: use a standalone Redis, a replicated one or
 * Sentinel, not Redis Cluster.
 */
public final class UnreadCounters implements AutoCloseable {

    private static final String PREFIX = "missive:unread:";

    /**
     * KEYS: users' hashes. ARGV[1] conversation, ARGV[2] the seq to count up to (0 = none), then
     * one read seq per key (0 = none). Returns the 1-based indexes of keys without {@code _init}.
     */
    private static final String APPLY = String.join("\n",
            "local conv = ARGV[1]",
            "local last = tonumber(ARGV[2])",
            "local incomplete = {}",
            "for i, key in ipairs(KEYS) do",
            "  local read = tonumber(ARGV[i + 2])",
            "  if redis.call('HEXISTS', key, '_init') == 0 then table.insert(incomplete, i) end",
            "  local l = tonumber(redis.call('HGET', key, 'l:' .. conv) or '0')",
            "  local r = tonumber(redis.call('HGET', key, 'r:' .. conv) or '0')",
            "  if last > l then l = last; redis.call('HSET', key, 'l:' .. conv, l) end",
            "  if read > r then r = read; redis.call('HSET', key, 'r:' .. conv, r) end",
            "  local c = l - r",
            "  if c < 0 then c = 0 end",
            "  local old = tonumber(redis.call('HGET', key, 'c:' .. conv) or '0')",
            "  if c ~= old then",
            "    if c == 0 then redis.call('HDEL', key, 'c:' .. conv) else redis.call('HSET', key, 'c:' .. conv, c) end",
            "    redis.call('HINCRBY', key, '_total', c - old)",
            "  end",
            "end",
            "return incomplete");

    /**
     * KEYS[1]: one user's hash. ARGV: (conversation, latest seq, read seq) triples of every
     * conversation the user is in. Rewrites the counts from them (never lowering l or r), drops
     * conversations not listed, recomputes the total and marks the hash complete.
     */
    private static final String RECONCILE = String.join("\n",
            "local key = KEYS[1]",
            "local keep = {}",
            "local total = 0",
            "for i = 1, #ARGV, 3 do",
            "  local conv = ARGV[i]",
            "  keep[conv] = true",
            "  local l = math.max(tonumber(ARGV[i + 1]), tonumber(redis.call('HGET', key, 'l:' .. conv) or '0'))",
            "  local r = math.max(tonumber(ARGV[i + 2]), tonumber(redis.call('HGET', key, 'r:' .. conv) or '0'))",
            "  redis.call('HSET', key, 'l:' .. conv, l, 'r:' .. conv, r)",
            "  local c = l - r",
            "  if c > 0 then redis.call('HSET', key, 'c:' .. conv, c) else redis.call('HDEL', key, 'c:' .. conv) end",
            "  if c > 0 then total = total + c end",
            "end",
            "for _, f in ipairs(redis.call('HKEYS', key)) do",
            "  local conv = string.match(f, '^[lrc]:(.*)$')",
            "  if conv and not keep[conv] then redis.call('HDEL', key, f) end",
            "end",
            "redis.call('HSET', key, '_total', total, '_init', '1')",
            "return total");

    /** KEYS: users' hashes. Returns each one's {@code _total}, or -1 where the hash lacks {@code _init}. */
    private static final String TOTALS = String.join("\n",
            "local totals = {}",
            "for i, key in ipairs(KEYS) do",
            "  local t = redis.call('HMGET', key, '_total', '_init')",
            "  if t[2] then totals[i] = tonumber(t[1] or '0') else totals[i] = -1 end",
            "end",
            "return totals");

    private final @NotNull RedissonClient redis;
    private final @NotNull RScript scripts;
    private final @NotNull AtomicLong commands = new AtomicLong();
    private final @NotNull LongConsumer commandNanos;

    private UnreadCounters(final @NotNull RedissonClient redis, final @NotNull LongConsumer commandNanos) {
        this.redis = redis;
        this.scripts = redis.getScript(StringCodec.INSTANCE);
        this.commandNanos = commandNanos;
    }

    /**
     * A client for the Redis at uri ({@code redis://host:port}, {@code rediss://} for TLS). It
     * connects lazily: creating it succeeds while Redis is down, and calls fail until it is up.
     */
    public static @NotNull UnreadCounters connect(final @NotNull String uri) {
        return connect(uri, nanos -> {
        });
    }

    /**
     * As {@link #connect(String)}; {@code commandNanos} is told how long each command (script or
     * read) took until its answer or failure, on Redisson's threads (it must not block).
     */
    public static @NotNull UnreadCounters connect(final @NotNull String uri, final @NotNull LongConsumer commandNanos) {
        final Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setLazyInitialization(true);
        config.setNettyThreads(4);
        config.useSingleServer()
                .setAddress(uri)
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(8)
                .setConnectTimeout(2_000)
                .setTimeout(2_000)
                .setRetryAttempts(1)
                .setRetryDelay(new ConstantDelay(Duration.ofMillis(200)))
                .setPingConnectionInterval(5_000);
        return new UnreadCounters(Redisson.create(config), commandNanos);
    }

    static @NotNull String key(final @NotNull String userId) {
        return PREFIX + "{" + userId + "}";
    }

    /**
     * Counts conversation up to seq for the users in {@code last}, and moves read positions up for
     * those in {@code reads} (a user can be in both: a sender is counted and has read their own
     * message). Completes with the users whose hash was incomplete (to be reconciled).
     */
    public @NotNull CompletableFuture<List<String>> apply(final @NotNull String conversationId, final long upTo,
                                                          final @NotNull List<String> users,
                                                          final @NotNull Map<String, Long> reads) {
        final List<Object> keys = new ArrayList<>(users.size());
        final List<Object> args = new ArrayList<>(users.size() + 2);
        args.add(conversationId);
        args.add(Long.toString(upTo));
        for (final String user : users) {
            keys.add(key(user));
            args.add(Long.toString(reads.getOrDefault(user, 0L)));
        }
        return timed(() -> scripts.<List<Object>>evalAsync(RScript.Mode.READ_WRITE, APPLY, RScript.ReturnType.MULTI,
                        keys, args.toArray()))
                .thenApply(incomplete -> {
                    final List<String> result = new ArrayList<>();
                    if (incomplete != null) {
                        for (final Object index : incomplete) {
                            result.add(users.get(((Number) index).intValue() - 1));
                        }
                    }
                    return result;
                });
    }

    /** Rewrites one user's counters from the truth: conversation → (latest seq, read seq). */
    public @NotNull CompletableFuture<Long> reconcile(final @NotNull String userId,
                                                      final @NotNull Map<String, long[]> truth) {
        final List<Object> args = new ArrayList<>(truth.size() * 3);
        truth.forEach((conversation, seqs) -> {
            args.add(conversation);
            args.add(Long.toString(seqs[0]));
            args.add(Long.toString(seqs[1]));
        });
        return timed(() -> scripts.<Long>evalAsync(RScript.Mode.READ_WRITE, RECONCILE, RScript.ReturnType.INTEGER,
                List.of(key(userId)), args.toArray()));
    }

    /** The user's counts as stored; {@link Snapshot#complete()} is false when the hash needs reconciling. */
    public @NotNull CompletableFuture<Snapshot> read(final @NotNull String userId) {
        return timed(() -> redis.<String, String>getMap(key(userId), StringCodec.INSTANCE).readAllMapAsync())
                .thenApply(Snapshot::of);
    }

    /**
     * The total unread count of each user, in one round trip; users whose hash is incomplete
     * (to be reconciled first) are left out.
     */
    public @NotNull CompletableFuture<Map<String, Long>> totals(final @NotNull List<String> users) {
        if (users.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        final List<Object> keys = new ArrayList<>(users.size());
        users.forEach(user -> keys.add(key(user)));
        return timed(() -> scripts.<List<Object>>evalAsync(RScript.Mode.READ_ONLY, TOTALS, RScript.ReturnType.MULTI,
                        keys))
                .thenApply(totals -> {
                    final Map<String, Long> result = new HashMap<>();
                    for (int i = 0; i < users.size() && totals != null && i < totals.size(); i++) {
                        final long total = ((Number) totals.get(i)).longValue();
                        if (total >= 0) {
                            result.put(users.get(i), total);
                        }
                    }
                    return result;
                });
    }

    /** Counts a command sent now and reports its time once it is answered or has failed. */
    private <T> @NotNull CompletableFuture<T> timed(final @NotNull Supplier<CompletionStage<T>> command) {
        commands.incrementAndGet();
        final long start = System.nanoTime();
        return command.get().toCompletableFuture()
                .whenComplete((ok, error) -> commandNanos.accept(System.nanoTime() - start));
    }

    /** How many commands this client has sent (scripts and reads): what counting costs. */
    public long commandCount() {
        return commands.get();
    }

    /** Round trip to Redis. */
    public @NotNull CompletableFuture<Void> ping() {
        return redis.getBucket("missive:ping", StringCodec.INSTANCE).isExistsAsync().toCompletableFuture()
                .thenApply(ignored -> null);
    }

    @Override
    public void close() {
        redis.shutdown();
    }

    /** A user's counters: count per conversation (non-zero only) and their total. */
    public static final class Snapshot {
        private final @NotNull Map<String, Long> counts;
        private final long total;
        private final boolean complete;

        private Snapshot(final @NotNull Map<String, Long> counts, final long total, final boolean complete) {
            this.counts = Map.copyOf(counts);
            this.total = total;
            this.complete = complete;
        }

        static @NotNull Snapshot of(final @NotNull Map<String, String> hash) {
            final Map<String, Long> counts = new HashMap<>();
            hash.forEach((field, value) -> {
                if (field.startsWith("c:")) {
                    final long count = Long.parseLong(value);
                    if (count > 0) {
                        counts.put(field.substring(2), count);
                    }
                }
            });
            return new Snapshot(counts, Long.parseLong(hash.getOrDefault("_total", "0")), hash.containsKey("_init"));
        }

        public @NotNull Map<String, Long> counts() {
            return counts;
        }

        public long total() {
            return total;
        }

        /** False when Redis lost (part of) the user's counters: reconcile before trusting them. */
        public boolean complete() {
            return complete;
        }
    }
}
