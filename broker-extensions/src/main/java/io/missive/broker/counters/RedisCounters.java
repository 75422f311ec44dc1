package io.missive.broker.counters;

import io.missive.broker.store.Workers;
import io.missive.storage.MongoStores;
import io.missive.storage.counters.CounterTruth;
import io.missive.storage.counters.UnreadCounters;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Unread counters in Redis ({@link UnreadCounters}), derived from MongoDB.
 *
 * <p>Messages are not counted one by one: per conversation, the messages of the last
 * {@code counters.flush-ms} are gathered ({@link CountBuffer}) and written with one script for all
 * recipients. A 5,000-member group with ten active speakers therefore costs a few scripts a second,
 * not 5,000 writes per message.
 *
 * <p>A failed write marks its users, and the {@link Reconciler} rewrites them from MongoDB once Redis
 * answers again (so does a user's first counting ever: a hash that was never reconciled cannot be told
 * from one Redis lost). A user whose counters Redis lost (restarted empty) is found by the same scripts
 * (the hash lacks its completeness mark) and reconciled.
 */
final class RedisCounters implements Counters {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCounters.class);
    /** Reconciliations running at once. */
    static final int RECONCILE_PARALLEL = 8;
    private static final long RECONCILE_EVERY_MS = 500;

    private final @NotNull MongoStores stores;
    private final @NotNull UnreadCounters redis;
    private final @NotNull Workers workers;
    private final long flushMs;
    private final @NotNull CountBuffer buffer = new CountBuffer(this::apply);
    private final @NotNull Reconciler reconciler;

    RedisCounters(final @NotNull MongoStores stores, final @NotNull UnreadCounters redis,
                  final @NotNull Workers workers, final long flushMs) {
        this.stores = stores;
        this.redis = redis;
        this.workers = workers;
        this.flushMs = flushMs;
        this.reconciler = new Reconciler(RECONCILE_PARALLEL, redis::ping, this::reconcile);
    }

    @Override
    public void start() {
        workers.timer().scheduleWithFixedDelay(this::flushAll, flushMs, flushMs, TimeUnit.MILLISECONDS);
        workers.timer().scheduleWithFixedDelay(reconciler::runRound, RECONCILE_EVERY_MS, RECONCILE_EVERY_MS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public @NotNull CompletableFuture<Void> ping() {
        return redis.ping();
    }

    @Override
    public long redisCommands() {
        return redis.commandCount();
    }

    @Override
    public void messageStored(final @NotNull String conversationId, final long seq, final @NotNull String sender,
                              final @NotNull Collection<String> recipients) {
        buffer.add(conversationId, seq, sender, recipients);
    }

    @Override
    public void positioned(final @NotNull String conversationId, final @NotNull Collection<String> users,
                           final long seq) {
        if (users.isEmpty()) {
            return;
        }
        final Map<String, Long> reads = new HashMap<>();
        users.forEach(u -> reads.put(u, seq));
        apply(conversationId, seq, new ArrayList<>(users), reads);
    }

    @Override
    public @NotNull CompletableFuture<Long> read(final @NotNull String userId, final @NotNull String conversationId,
                                                 final long seq) {
        return apply(conversationId, 0, List.of(userId), Map.of(userId, seq))
                .thenCompose(ignored -> redis.read(userId))
                .thenApply(snapshot -> snapshot.counts().getOrDefault(conversationId, 0L))
                .exceptionally(error -> -1L);
    }

    @Override
    public @NotNull CompletableFuture<Optional<UnreadCounters.Snapshot>> counts(final @NotNull String userId) {
        return redis.read(userId)
                .thenCompose(snapshot -> snapshot.complete() ? CompletableFuture.completedFuture(snapshot)
                        : reconcile(userId).thenCompose(total -> redis.read(userId)))
                .thenApply(Optional::of)
                .exceptionally(error -> {
                    LOG.debug("Counters of {} unavailable: {}", userId, error.toString());
                    return Optional.empty();
                });
    }

    @Override
    public @NotNull CompletableFuture<Void> flush() {
        return buffer.flushAll();
    }

    @Override
    public @NotNull CompletableFuture<Void> flush(final @NotNull String conversationId) {
        return buffer.flush(conversationId);
    }

    @Override
    public @NotNull CompletableFuture<Map<String, Long>> totals(final @NotNull List<String> users) {
        if (users.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return redis.totals(users).thenCompose(totals -> {
            final List<String> missing = users.stream().filter(u -> !totals.containsKey(u)).collect(Collectors.toList());
            if (missing.isEmpty()) {
                return CompletableFuture.completedFuture(totals);
            }
            final Map<String, Long> all = new ConcurrentHashMap<>(totals);
            return CompletableFuture.allOf(missing.stream()
                            .map(user -> reconcile(user).thenAccept(total -> all.put(user, total))
                                    .exceptionally(error -> null))
                            .toArray(CompletableFuture[]::new))
                    .thenApply(ignored -> (Map<String, Long>) all);
        }).exceptionally(error -> {
            LOG.debug("Unread totals unavailable: {}", error.toString());
            return Map.of();
        });
    }

    @Override
    public int markedUsers() {
        return reconciler.pending();
    }

    @Override
    public void close() {
        redis.close();
    }

    /** Rewrites the user's counters from MongoDB; completes with their total. */
    private @NotNull CompletableFuture<Long> reconcile(final @NotNull String userId) {
        return CounterTruth.of(stores, userId).thenCompose(truth -> redis.reconcile(userId, truth));
    }

    private void flushAll() {
        try {
            buffer.flushAll();
        } catch (final RuntimeException e) {
            LOG.warn("Counter flush failed: {}", e.toString());
        }
    }

    /** Writes counts; never fails: users whose write failed, or whose hash Redis lost, are marked. */
    private @NotNull CompletableFuture<Void> apply(final @NotNull String conversationId, final long upTo,
                                                   final @NotNull List<String> users,
                                                   final @NotNull Map<String, Long> reads) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        redis.apply(conversationId, upTo, users, reads).whenComplete((incomplete, error) -> {
            if (error != null) {
                LOG.debug("Counter write for {} failed, users marked for reconciliation: {}", conversationId,
                        error.toString());
                reconciler.mark(users);
            } else if (!incomplete.isEmpty()) {
                reconciler.mark(incomplete);
            }
            done.complete(null);
        });
        return done;
    }
}
