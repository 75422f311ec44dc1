package io.missive.storage.mongo;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Large unordered bulk writes of state written behind (list positions, previews, cursors, last
 * seen), sent as commands of at most {@value #CHUNK} writes, one after another. One command of
 * hundreds of updates holds the store's resources for its whole length: on MongoDB its locks and
 * tickets, on a MongoDB-wire server that runs a connection's commands on a shared event loop thread
 * every other command behind it. Short commands let the message path's inserts in between.
 */
public final class Bulk {

    /** The most writes in one command. */
    public static final int CHUNK = 64;

    private Bulk() {
    }

    /** Writes all, unordered, {@value #CHUNK} at a time; fails with the first failed command (earlier ones stay written). */
    public static @NotNull CompletableFuture<Void> unordered(final @NotNull MongoCollection<Document> collection,
                                                             final @NotNull List<? extends WriteModel<Document>> writes) {
        return from(collection, writes, 0);
    }

    private static @NotNull CompletableFuture<Void> from(final @NotNull MongoCollection<Document> collection,
                                                         final @NotNull List<? extends WriteModel<Document>> writes,
                                                         final int start) {
        if (start >= writes.size()) {
            return CompletableFuture.completedFuture(null);
        }
        final List<? extends WriteModel<Document>> chunk = writes.subList(start, Math.min(writes.size(), start + CHUNK));
        return Reactive.done(collection.bulkWrite(chunk, new BulkWriteOptions().ordered(false)))
                .thenCompose(ignored -> from(collection, writes, start + CHUNK));
    }
}
