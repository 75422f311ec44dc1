package io.missive.storage.sync;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.mongo.MongoErrors;
import io.missive.storage.mongo.Reactive;
import io.missive.storage.sequence.KeyedAppender;
import io.missive.storage.sequence.LastValueCache;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Per-user sync streams: every event a user's devices must see gets the user's next version
 * (unique, gap-free, increasing). Same allocation scheme as {@code MessageLog}: one batch at a time
 * per user, ordered insertMany, the unique index (userId, version) arbitrates across servers, and
 * (userId, eventKey) makes re-entering an event return its existing version.
 */
public final class SyncStream extends KeyedAppender<SyncEntry, SyncEntry> {

    private static final int MAX_ATTEMPTS = 8;

    private final @NotNull MongoCollection<Document> events;
    private final @NotNull LastValueCache lastVersions = new LastValueCache(100_000);

    public SyncStream(final @NotNull MongoCollection<Document> events, final @NotNull Executor executor) {
        super(executor, 256);
        this.events = events;
    }

    /** Enters the event into the user's stream; completes with the entry and its version. */
    public @NotNull CompletableFuture<SyncEntry> append(final @NotNull SyncEntry entry) {
        return submit(entry.userId(), entry);
    }

    @Override
    protected @NotNull CompletableFuture<Void> appendBatch(final @NotNull String userId,
                                                           final @NotNull List<Pending<SyncEntry, SyncEntry>> batch) {
        return attempt(userId, batch, 1);
    }

    private @NotNull CompletableFuture<Void> attempt(final @NotNull String userId,
                                                     final @NotNull List<Pending<SyncEntry, SyncEntry>> batch,
                                                     final int attempt) {
        final List<String> keys = batch.stream().map(p -> p.item().eventKey()).distinct().collect(Collectors.toList());
        return Reactive.list(events.find(Filters.and(Filters.eq("userId", userId), Filters.in("eventKey", keys))))
                .thenCompose(existingDocs -> {
                    final Map<String, SyncEntry> existing = new HashMap<>();
                    existingDocs.forEach(d -> existing.put(d.getString("eventKey"), SyncEntry.fromDocument(d)));
                    final LinkedHashMap<String, List<Pending<SyncEntry, SyncEntry>>> fresh = new LinkedHashMap<>();
                    for (final Pending<SyncEntry, SyncEntry> p : batch) {
                        final SyncEntry stored = existing.get(p.item().eventKey());
                        if (stored != null) {
                            p.complete(stored);
                        } else {
                            fresh.computeIfAbsent(p.item().eventKey(), k -> new ArrayList<>()).add(p);
                        }
                    }
                    if (fresh.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return lastVersion(userId).thenCompose(last -> insert(userId, last, fresh, attempt));
                });
    }

    private @NotNull CompletableFuture<Void> insert(final @NotNull String userId, final long last,
                                                    final @NotNull LinkedHashMap<String, List<Pending<SyncEntry, SyncEntry>>> fresh,
                                                    final int attempt) {
        final List<SyncEntry> toStore = new ArrayList<>(fresh.size());
        long version = last;
        for (final List<Pending<SyncEntry, SyncEntry>> group : fresh.values()) {
            toStore.add(group.get(0).item().withVersion(++version));
        }
        final List<Document> docs = toStore.stream().map(SyncEntry::toDocument).collect(Collectors.toList());
        final List<List<Pending<SyncEntry, SyncEntry>>> groups = new ArrayList<>(fresh.values());
        return Reactive.done(events.insertMany(docs, new InsertManyOptions().ordered(true)))
                .handle((ok, error) -> {
                    final int stored = error == null ? docs.size() : MongoErrors.insertedPrefix(error);
                    for (int i = 0; i < Math.max(stored, 0); i++) {
                        final SyncEntry entry = toStore.get(i);
                        groups.get(i).forEach(p -> p.complete(entry));
                    }
                    if (stored > 0) {
                        lastVersions.put(userId, last + stored);
                    }
                    if (error == null) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    lastVersions.forget(userId);
                    if (stored < 0 || attempt >= MAX_ATTEMPTS) {
                        return CompletableFuture.<Void>failedFuture(MongoErrors.unwrap(error));
                    }
                    final List<Pending<SyncEntry, SyncEntry>> rest = new ArrayList<>();
                    groups.subList(stored, groups.size()).forEach(rest::addAll);
                    return attempt(userId, rest, attempt + 1);
                })
                .thenCompose(f -> f);
    }

    private @NotNull CompletableFuture<Long> lastVersion(final @NotNull String userId) {
        final Long cached = lastVersions.get(userId);
        return cached != null ? CompletableFuture.completedFuture(cached) : latestVersion(userId);
    }

    /** The user's highest version, 0 when the stream is empty. */
    public @NotNull CompletableFuture<Long> latestVersion(final @NotNull String userId) {
        return Reactive.first(events.find(Filters.eq("userId", userId)).projection(Projections.include("version"))
                        .sort(Sorts.descending("version")).limit(1))
                .thenApply(d -> d.map(doc -> doc.getLong("version")).orElse(0L));
    }

    /** Entries with version &gt; after, ascending, at most limit. */
    public @NotNull CompletableFuture<List<SyncEntry>> after(final @NotNull String userId, final long after,
                                                             final int limit) {
        return Reactive.list(events.find(Filters.and(Filters.eq("userId", userId), Filters.gt("version", after)))
                        .sort(Sorts.ascending("version")).limit(limit))
                .thenApply(docs -> docs.stream().map(SyncEntry::fromDocument).collect(Collectors.toList()));
    }
}
