package io.missive.storage.message;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.mongo.Reactive;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * How far each server's fan-out is known to be complete: one document per running server (its
 * {@code node} key), saying that every message it stored before {@code before} is in every
 * recipient's sync stream, refreshed every second ({@code updatedAt}). A crash leaves the last one
 * behind, and the next start re-runs the fan-out of the messages stored since (it is idempotent).
 * One small write a second replaces a "fanned out" mark on every message.
 */
public final class FanoutCheckpoints {

    /** One server's checkpoint. */
    public record Checkpoint(@NotNull String node, long beforeMs, long updatedAtMs) {
    }

    private final @NotNull MongoCollection<Document> checkpoints;

    public FanoutCheckpoints(final @NotNull MongoCollection<Document> checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** Records that every message this node stored before {@code beforeMs} is fanned out. */
    public @NotNull CompletableFuture<Void> record(final @NotNull String node, final long beforeMs) {
        return Reactive.done(checkpoints.updateOne(Filters.eq("_id", node),
                Updates.combine(Updates.set("before", new Date(beforeMs)), Updates.set("updatedAt", new Date())),
                new UpdateOptions().upsert(true)));
    }

    public @NotNull CompletableFuture<List<Checkpoint>> all() {
        return Reactive.list(checkpoints.find()).thenApply(docs -> docs.stream()
                .map(d -> new Checkpoint(d.getString("_id"), d.getDate("before").getTime(),
                        d.getDate("updatedAt").getTime()))
                .collect(Collectors.toList()));
    }

    /** Drops the checkpoints of servers whose messages have been recovered. */
    public @NotNull CompletableFuture<Void> remove(final @NotNull Collection<String> nodes) {
        if (nodes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return Reactive.done(checkpoints.deleteMany(Filters.in("_id", List.copyOf(nodes))));
    }
}
