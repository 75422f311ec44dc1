package io.missive.broker.counters;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.metrics.Metrics;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.storage.MongoStores;
import io.missive.storage.counters.CounterTruth;
import io.missive.storage.counters.UnreadCounters;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Unread counters, kept in Redis ({@link UnreadCounters}) and derived from MongoDB.
 *
 * <p>Messages are not counted one by one: per conversation, the messages of the last
 * {@code counters.flush-ms} are gathered (the highest seq, the recipients as of the latest one,
 * and each sender's own highest seq, which counts as read for them) and written with one script
 * for all recipients, also when a buffer reaches its size limit. A 5,000-member group with ten
 * active speakers therefore costs a few scripts a second, not 5,000 writes per message.
 *
 * <p>Nothing here may stop messaging: a failed write marks its users, and a timer reconciles
 * marked users from MongoDB once Redis answers again (so does a user's first counting ever: a
 * hash that was never reconciled cannot be told from one Redis lost). A user whose counters Redis lost (restarted
 * empty) is found by the same scripts (the hash lacks its completeness mark) and reconciled.
 * Without {@code redis.uri} there are no counters and requests for them say "unavailable".
 */
@Singleton
public final class Counters implements Periodic, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Counters.class);
    /** A conversation's buffer is written at once when it has gathered this many messages. */
    static final int FLUSH_AT_MESSAGES = 256;
    /** Users waiting for reconciliation, at most; beyond it the rest wait for their next read. */
    private static final int MAX_MARKED = 100_000;
    /** Reconciliations running at once. */
    private static final int RECONCILE_PARALLEL = 8;

    private final @NotNull MongoStores stores;
    private final @Nullable UnreadCounters redis;
    /** Guarded by itself. */
    private final @NotNull Map<String, Pending> pending = new HashMap<>();
    /** Per conversation, the writes sent and not yet answered; guarded by {@link #pending}. */
    private final @NotNull Map<String, CompletableFuture<Void>> writing = new HashMap<>();
    /** Users whose counters may be wrong; guarded by itself. */
    private final @NotNull Set<String> marked = new LinkedHashSet<>();
    private final @NotNull AtomicBoolean reconciling = new AtomicBoolean();
    /** Reconciliation lanes still running in the current round. */
    private final @NotNull AtomicInteger lanes = new AtomicInteger();
    /** Reconciliations running now. */
    private final @NotNull AtomicInteger inFlight = new AtomicInteger();
    private final @NotNull Workers workers;
    private final long flushMs;

    @Inject
    public Counters(final @NotNull MongoStores stores, final @NotNull ExtensionConfig config,
                    final @NotNull Workers workers, final @NotNull Metrics metrics) {
        this.stores = stores;
        this.redis = config.redisUri().isEmpty() ? null
                : UnreadCounters.connect(config.redisUri(), metrics::redisCommand);
        this.workers = workers;
        this.flushMs = config.counterFlushMs();
    }

    @Override
    public void start() {
        if (redis != null) {
            workers.timer().scheduleWithFixedDelay(this::flushAll, flushMs, flushMs, TimeUnit.MILLISECONDS);
            workers.timer().scheduleWithFixedDelay(this::reconcileMarked, 500, 500, TimeUnit.MILLISECONDS);
        }
    }

    public boolean enabled() {
        return redis != null;
    }

    /** A round trip to Redis; fails when Redis does not answer or is not configured. */
    public @NotNull CompletableFuture<Void> ping() {
        final UnreadCounters counters = redis;
        return counters == null ? CompletableFuture.failedFuture(new IllegalStateException("no redis.uri"))
                : counters.ping();
    }

    /** Scripts and reads sent to Redis so far (0 without Redis). */
    public long redisCommands() {
        return redis == null ? 0 : redis.commandCount();
    }

    /**
     * A message was stored: count it for its recipients (the members who see it, the sender
     * included: their own message is read for them).
     */
    public void messageStored(final @NotNull String conversationId, final long seq, final @NotNull String sender,
                              final @NotNull Collection<String> recipients) {
        if (redis == null) {
            return;
        }
        Pending full = null;
        synchronized (pending) {
            final Pending p = pending.computeIfAbsent(conversationId, id -> new Pending());
            p.add(seq, sender, recipients);
            if (p.messages >= FLUSH_AT_MESSAGES) {
                full = pending.remove(conversationId);
            }
        }
        if (full != null) {
            write(conversationId, full);
        }
    }

    /** Users joined (or left) at seq: they are counted up to it and have read it. */
    public void positioned(final @NotNull String conversationId, final @NotNull Collection<String> users, final long seq) {
        if (redis == null || users.isEmpty()) {
            return;
        }
        final Map<String, Long> reads = new HashMap<>();
        users.forEach(u -> reads.put(u, seq));
        apply(conversationId, seq, new ArrayList<>(users), reads);
    }

    /** The user read the conversation up to seq; completes with its count after that (-1: unknown). */
    public @NotNull CompletableFuture<Long> read(final @NotNull String userId, final @NotNull String conversationId,
                                                 final long seq) {
        if (redis == null) {
            return CompletableFuture.completedFuture(-1L);
        }
        return apply(conversationId, 0, List.of(userId), Map.of(userId, seq))
                .thenCompose(ignored -> redis.read(userId))
                .thenApply(snapshot -> snapshot.counts().getOrDefault(conversationId, 0L))
                .exceptionally(error -> -1L);
    }

    /** The user's counts, reconciled first when Redis lost them; empty when Redis is off or down. */
    public @NotNull CompletableFuture<Optional<UnreadCounters.Snapshot>> counts(final @NotNull String userId) {
        if (redis == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return redis.read(userId)
                .thenCompose(snapshot -> snapshot.complete() ? CompletableFuture.completedFuture(snapshot)
                        : reconcile(userId).thenCompose(total -> redis.read(userId)))
                .thenApply(Optional::of)
                .exceptionally(error -> {
                    LOG.debug("Counters of {} unavailable: {}", userId, error.toString());
                    return Optional.empty();
                });
    }

    /** Rewrites the user's counters from MongoDB; completes with their total. */
    public @NotNull CompletableFuture<Long> reconcile(final @NotNull String userId) {
        if (redis == null) {
            return CompletableFuture.completedFuture(0L);
        }
        return CounterTruth.of(stores, userId).thenCompose(truth -> redis.reconcile(userId, truth));
    }

    /** Writes every gathered buffer now; completes when written. */
    public @NotNull CompletableFuture<Void> flush() {
        final Map<String, Pending> due;
        synchronized (pending) {
            due = new HashMap<>(pending);
            pending.clear();
        }
        return CompletableFuture.allOf(due.entrySet().stream().map(e -> write(e.getKey(), e.getValue()))
                .toArray(CompletableFuture[]::new));
    }

    /**
     * Writes the conversation's gathered buffer now; completes when it and every earlier write of
     * the conversation are answered, so counts read afterwards include every message stored before
     * the call.
     */
    public @NotNull CompletableFuture<Void> flush(final @NotNull String conversationId) {
        final Pending due;
        final CompletableFuture<Void> earlier;
        synchronized (pending) {
            due = pending.remove(conversationId);
            earlier = writing.get(conversationId);
        }
        final CompletableFuture<Void> now = due == null ? CompletableFuture.completedFuture(null)
                : write(conversationId, due);
        return earlier == null ? now : CompletableFuture.allOf(earlier, now);
    }

    /**
     * The users' total unread counts (reconciled first where Redis lost them); users whose count
     * is unavailable (Redis off or down) are left out.
     */
    public @NotNull CompletableFuture<Map<String, Long>> totals(final @NotNull List<String> users) {
        final UnreadCounters counters = redis;
        if (counters == null || users.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return counters.totals(users).thenCompose(totals -> {
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

    private void flushAll() {
        try {
            flush();
        } catch (final RuntimeException e) {
            LOG.warn("Counter flush failed: {}", e.toString());
        }
    }

    private @NotNull CompletableFuture<Void> write(final @NotNull String conversationId, final @NotNull Pending p) {
        final List<String> users = new ArrayList<>(p.recipients);
        p.ownReads.keySet().forEach(sender -> {
            if (!p.recipients.contains(sender)) {
                users.add(sender);
            }
        });
        final CompletableFuture<Void> written = new CompletableFuture<>();
        synchronized (pending) {
            final CompletableFuture<Void> earlier = writing.get(conversationId);
            writing.put(conversationId, earlier == null ? written : CompletableFuture.allOf(earlier, written));
        }
        apply(conversationId, p.highestSeq, users, p.ownReads).whenComplete((ok, error) -> {
            written.complete(null);
            synchronized (pending) {
                // the last write of the conversation to finish drops the chain
                final CompletableFuture<Void> all = writing.get(conversationId);
                if (all != null && all.isDone()) {
                    writing.remove(conversationId);
                }
            }
        });
        return written;
    }

    private @NotNull CompletableFuture<Void> apply(final @NotNull String conversationId, final long upTo,
                                                   final @NotNull List<String> users,
                                                   final @NotNull Map<String, Long> reads) {
        final UnreadCounters counters = redis;
        if (counters == null) {
            return CompletableFuture.completedFuture(null);
        }
        final CompletableFuture<Void> done = new CompletableFuture<>();
        counters.apply(conversationId, upTo, users, reads).whenComplete((incomplete, error) -> {
            if (error != null) {
                LOG.debug("Counter write for {} failed, users marked for reconciliation: {}", conversationId,
                        error.toString());
                mark(users);
            } else if (!incomplete.isEmpty()) {
                mark(incomplete);
            }
            done.complete(null);
        });
        return done;
    }

    private void mark(final @NotNull Collection<String> users) {
        synchronized (marked) {
            for (final String user : users) {
                if (marked.size() >= MAX_MARKED) {
                    LOG.warn("More than {} users' counters await reconciliation; the others are reconciled when "
                            + "next read", MAX_MARKED);
                    return;
                }
                marked.add(user);
            }
        }
    }

    /** Users whose counters await reconciliation or are being reconciled (for tests and metrics). */
    public int markedUsers() {
        synchronized (marked) {
            return marked.size() + inFlight.get();
        }
    }

    /**
     * Timer: if Redis answers, reconciles the marked users, {@value #RECONCILE_PARALLEL} at a time,
     * until none is left; never waits on the timer thread.
     */
    private void reconcileMarked() {
        final UnreadCounters counters = redis;
        if (counters == null || !reconciling.compareAndSet(false, true)) {
            return;
        }
        synchronized (marked) {
            if (marked.isEmpty()) {
                reconciling.set(false);
                return;
            }
        }
        counters.ping().whenComplete((up, down) -> {
            if (down != null) {
                reconciling.set(false);
                return;
            }
            for (int i = 0; i < RECONCILE_PARALLEL; i++) {
                reconcileNext();
            }
        });
    }

    /** Reconciles marked users one after another on one lane; the last lane to finish ends the round. */
    private void reconcileNext() {
        lanes.incrementAndGet();
        final String user;
        synchronized (marked) {
            final Iterator<String> next = marked.iterator();
            user = next.hasNext() ? next.next() : null;
            if (user != null) {
                next.remove();
                inFlight.incrementAndGet();
            }
        }
        if (user == null) {
            if (lanes.decrementAndGet() == 0) {
                reconciling.set(false);
            }
            return;
        }
        reconcile(user).whenComplete((total, error) -> {
            inFlight.decrementAndGet();
            if (error != null) {
                // Redis or MongoDB failed meanwhile: keep the user for the next round and stop this lane
                mark(List.of(user));
                if (lanes.decrementAndGet() == 0) {
                    reconciling.set(false);
                }
                return;
            }
            lanes.decrementAndGet();
            reconcileNext();
        });
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }

    /** The messages of one conversation gathered since the last write. */
    private static final class Pending {
        private long highestSeq;
        private int messages;
        private @NotNull Set<String> recipients = Set.of();
        private final @NotNull Map<String, Long> ownReads = new HashMap<>();

        void add(final long seq, final @NotNull String sender, final @NotNull Collection<String> members) {
            messages++;
            ownReads.merge(sender, seq, Math::max);
            if (seq >= highestSeq) {
                highestSeq = seq;
                // the members as of the latest message: who joined meanwhile is counted from their join
                recipients = members instanceof Set ? (Set<String>) members : new LinkedHashSet<>(members);
            }
        }
    }
}
