package io.missive.broker.counters;

import io.missive.broker.store.Periodic;
import io.missive.storage.counters.UnreadCounters;
import org.jetbrains.annotations.NotNull;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Unread counters, kept in Redis and derived from MongoDB: {@link RedisCounters} with {@code redis.uri},
 * {@link NoCounters} without it (then requests for counts say "unavailable"). Nothing here may stop
 * messaging: a failed write only marks its users for reconciliation.
 */
public interface Counters extends Periodic, AutoCloseable {

    /** Whether counters are kept at all ({@code redis.uri} is set). */
    boolean enabled();

    /** A round trip to Redis; fails when Redis does not answer or is not configured. */
    @NotNull CompletableFuture<Void> ping();

    /** Scripts and reads sent to Redis so far (0 without Redis). */
    long redisCommands();

    /**
     * A message was stored: count it for its recipients (the members who see it, the sender
     * included: their own message is read for them).
     */
    void messageStored(@NotNull String conversationId, long seq, @NotNull String sender,
                       @NotNull Collection<String> recipients);

    /** Users joined (or left) at seq: they are counted up to it and have read it. */
    void positioned(@NotNull String conversationId, @NotNull Collection<String> users, long seq);

    /** The user read the conversation up to seq; completes with its count after that (-1: unknown). */
    @NotNull CompletableFuture<Long> read(@NotNull String userId, @NotNull String conversationId, long seq);

    /** The user's counts, reconciled first when Redis lost them; empty when Redis is off or down. */
    @NotNull CompletableFuture<Optional<UnreadCounters.Snapshot>> counts(@NotNull String userId);

    /** Writes every conversation's gathered messages now; completes when written. */
    @NotNull CompletableFuture<Void> flush();

    /**
     * Writes the conversation's gathered messages now; completes when they and every earlier write of
     * the conversation are answered, so counts read afterwards include every message stored before
     * the call.
     */
    @NotNull CompletableFuture<Void> flush(@NotNull String conversationId);

    /**
     * The users' total unread counts (reconciled first where Redis lost them); users whose count
     * is unavailable (Redis off or down) are left out.
     */
    @NotNull CompletableFuture<Map<String, Long>> totals(@NotNull List<String> users);

    /** Users whose counters await reconciliation or are being reconciled (for tests and metrics). */
    int markedUsers();

    @Override
    void close();
}
