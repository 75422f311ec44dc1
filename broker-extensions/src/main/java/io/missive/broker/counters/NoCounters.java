package io.missive.broker.counters;

import io.missive.storage.counters.UnreadCounters;
import org.jetbrains.annotations.NotNull;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** No {@code redis.uri}: nothing is counted, and every count is unavailable. */
final class NoCounters implements Counters {

    @Override
    public void start() {
        // nothing to flush or reconcile
    }

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public @NotNull CompletableFuture<Void> ping() {
        return CompletableFuture.failedFuture(new IllegalStateException("no redis.uri"));
    }

    @Override
    public long redisCommands() {
        return 0;
    }

    @Override
    public void messageStored(final @NotNull String conversationId, final long seq, final @NotNull String sender,
                              final @NotNull Collection<String> recipients) {
    }

    @Override
    public void positioned(final @NotNull String conversationId, final @NotNull Collection<String> users,
                           final long seq) {
    }

    @Override
    public @NotNull CompletableFuture<Long> read(final @NotNull String userId, final @NotNull String conversationId,
                                                 final long seq) {
        return CompletableFuture.completedFuture(-1L);
    }

    @Override
    public @NotNull CompletableFuture<Optional<UnreadCounters.Snapshot>> counts(final @NotNull String userId) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public @NotNull CompletableFuture<Void> flush() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public @NotNull CompletableFuture<Void> flush(final @NotNull String conversationId) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public @NotNull CompletableFuture<Map<String, Long>> totals(final @NotNull List<String> users) {
        return CompletableFuture.completedFuture(Map.of());
    }

    @Override
    public int markedUsers() {
        return 0;
    }

    @Override
    public void close() {
    }
}
