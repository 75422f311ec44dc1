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

import com.mongodb.client.result.DeleteResult;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
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
        final LinkedHashMap<String, List<Pending<SyncEntry, SyncEntry>>> fresh = new LinkedHashMap<>();
        for (final Pending<SyncEntry, SyncEntry> p : batch) {
            fresh.computeIfAbsent(p.item().eventKey(), k -> new ArrayList<>()).add(p);
        }
        return lastVersion(userId).thenCompose(last -> insert(userId, last, new ArrayList<>(fresh.values()), attempt));
    }

    /** Insert first, as in {@code MessageLog}: a re-entered event fails on (userId, eventKey). */
    private @NotNull CompletableFuture<Void> insert(final @NotNull String userId, final long last,
                                                    final @NotNull List<List<Pending<SyncEntry, SyncEntry>>> groups,
                                                    final int attempt) {
        final List<SyncEntry> toStore = new ArrayList<>(groups.size());
        long version = last;
        for (final List<Pending<SyncEntry, SyncEntry>> group : groups) {
            toStore.add(group.get(0).item().withVersion(++version));
        }
        final List<Document> docs = toStore.stream().map(SyncEntry::toDocument).collect(Collectors.toList());
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
                    if (stored < 0) {
                        lastVersions.forget(userId);
                        return CompletableFuture.<Void>failedFuture(MongoErrors.unwrap(error));
                    }
                    return resolveConflict(userId, last + stored, groups.get(stored),
                            groups.subList(stored + 1, groups.size()), attempt);
                })
                .thenCompose(f -> f);
    }

    private @NotNull CompletableFuture<Void> resolveConflict(
            final @NotNull String userId, final long storedUpTo,
            final @NotNull List<Pending<SyncEntry, SyncEntry>> refused,
            final @NotNull List<List<Pending<SyncEntry, SyncEntry>>> rest, final int attempt) {
        return Reactive.first(events.find(Filters.and(Filters.eq("userId", userId),
                        Filters.eq("eventKey", refused.get(0).item().eventKey()))))
                .thenCompose(existing -> {
                    final List<List<Pending<SyncEntry, SyncEntry>>> remaining = new ArrayList<>();
                    if (existing.isPresent()) {
                        final SyncEntry entry = SyncEntry.fromDocument(existing.get());
                        refused.forEach(p -> p.complete(entry));
                    } else {
                        remaining.add(refused);
                        if (attempt >= MAX_ATTEMPTS) {
                            lastVersions.forget(userId);
                            return CompletableFuture.<Void>failedFuture(new IllegalStateException(
                                    "could not allocate a version for " + userId + " after " + attempt + " attempts"));
                        }
                    }
                    remaining.addAll(rest);
                    if (remaining.isEmpty()) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    if (existing.isPresent()) {
                        return insert(userId, storedUpTo, remaining, attempt);
                    }
                    lastVersions.forget(userId);
                    return lastVersion(userId).thenCompose(last -> insert(userId, last, remaining, attempt + 1));
                });
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

    /** The user's lowest retained version, 0 when nothing is retained. */
    public @NotNull CompletableFuture<Long> oldestVersion(final @NotNull String userId) {
        return Reactive.first(events.find(Filters.eq("userId", userId)).projection(Projections.include("version"))
                        .sort(Sorts.ascending("version")).limit(1))
                .thenApply(d -> d.map(doc -> doc.getLong("version")).orElse(0L));
    }

    /** Drops the user's entries up to and including version (the per-user cap). */
    public @NotNull CompletableFuture<Long> trimThrough(final @NotNull String userId, final long version) {
        return Reactive.first(events.deleteMany(Filters.and(Filters.eq("userId", userId),
                        Filters.lte("version", version))))
                .thenApply(r -> r.map(DeleteResult::getDeletedCount).orElse(0L));
    }

    /**
     * Drops every entry created before the cutoff (the retention period). Done by query, not by
     * a TTL index, so it also works on stores that ignore TTL indexes.
     */
    public @NotNull CompletableFuture<Long> expireBefore(final @NotNull Date cutoff) {
        return Reactive.first(events.deleteMany(Filters.lt("createdAt", cutoff)))
                .thenApply(r -> r.map(DeleteResult::getDeletedCount).orElse(0L));
    }

    /** The version last allocated for the user by this server, if it knows it (no I/O). */
    public @NotNull java.util.OptionalLong cachedLatest(final @NotNull String userId) {
        final Long cached = lastVersions.get(userId);
        return cached == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(cached);
    }

    /** Entries with version &gt; after, ascending, at most limit. */
    public @NotNull CompletableFuture<List<SyncEntry>> after(final @NotNull String userId, final long after,
                                                             final int limit) {
        return Reactive.list(events.find(Filters.and(Filters.eq("userId", userId), Filters.gt("version", after)))
                        .sort(Sorts.ascending("version")).limit(limit))
                .thenApply(docs -> docs.stream().map(SyncEntry::fromDocument).collect(Collectors.toList()));
    }
}
