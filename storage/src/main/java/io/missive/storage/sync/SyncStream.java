package io.missive.storage.sync;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.mongo.Reactive;
import io.missive.storage.sequence.AppendTimes;
import io.missive.storage.sequence.GapFree;
import io.missive.storage.sequence.NumberedLog;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Per-user sync streams: every event a user's devices must see gets the user's next version
 * (unique, gap-free, increasing; see {@link NumberedLog}). An entry's {@code _id} is its user and
 * version ({@link SyncEntry#id}): a version taken twice is a duplicate primary key, and a page of
 * the stream is read by primary key. (userId, eventKey) is unique, so entering an event again
 * returns its existing version: fan-out can be retried safely.
 */
public final class SyncStream extends NumberedLog<SyncEntry, SyncEntry, SyncEntry> {

    private final @NotNull MongoCollection<Document> events;
    /**
     * Per user, the highest version ever dropped: numbering continues above it even when every
     * entry of a user has expired, so a version is never handed out twice.
     */
    private final @NotNull MongoCollection<Document> floors;

    public SyncStream(final @NotNull MongoCollection<Document> events, final @NotNull MongoCollection<Document> floors,
                      final @NotNull Executor executor, final @NotNull AppendTimes times) {
        super(events, executor, times);
        this.events = events;
        this.floors = floors;
    }

    /** Enters the event into the user's stream; completes with the entry and its version. */
    public @NotNull CompletableFuture<SyncEntry> append(final @NotNull SyncEntry entry) {
        return submit(entry.userId(), entry);
    }

    @Override
    protected @NotNull String idempotencyKey(final @NotNull SyncEntry item) {
        return item.eventKey();
    }

    @Override
    protected @NotNull SyncEntry numbered(final @NotNull SyncEntry item, final long version) {
        return item.withVersion(version);
    }

    @Override
    protected @NotNull Document toDocument(final @NotNull SyncEntry stored) {
        return stored.toDocument();
    }

    @Override
    protected @NotNull CompletableFuture<Optional<SyncEntry>> findStored(final @NotNull String userId,
                                                                      final @NotNull SyncEntry item) {
        return Reactive.first(events.find(Filters.and(Filters.eq("userId", userId),
                Filters.eq("eventKey", item.eventKey())))).thenApply(d -> d.map(SyncEntry::fromDocument));
    }

    @Override
    protected @NotNull CompletableFuture<Long> latestStored(final @NotNull String userId) {
        return latestVersion(userId);
    }

    @Override
    protected @NotNull SyncEntry answer(final @NotNull SyncEntry stored, final boolean repeat) {
        return stored;
    }

    /**
     * Reads the latest versions of many users with two queries and remembers them, so that
     * entering one event into all their streams (a group's members) does not query per user.
     */
    public @NotNull CompletableFuture<Void> primeLatest(final @NotNull Collection<String> userIds) {
        final List<String> unknown = userIds.stream().filter(u -> cachedLast(u).isEmpty()).collect(Collectors.toList());
        if (unknown.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        final CompletableFuture<List<Document>> latest = Reactive.list(events.aggregate(List.of(
                Aggregates.match(Filters.or(unknown.stream().map(SyncStream::stream).collect(Collectors.toList()))),
                Aggregates.group("$userId", Accumulators.max("version", "$version")))));
        final CompletableFuture<List<Document>> dropped = Reactive.list(floors.find(Filters.in("_id", unknown)));
        return latest.thenCombine(dropped, (stored, floorDocs) -> {
            final Map<String, Long> highest = new HashMap<>();
            unknown.forEach(u -> highest.put(u, 0L));
            stored.forEach(d -> highest.merge(d.getString("_id"), d.getLong("version"), Math::max));
            floorDocs.forEach(d -> highest.merge(d.getString("_id"), d.getLong("version"), Math::max));
            highest.forEach(this::primeLast);
            return null;
        });
    }

    /** The user's highest version (retained or dropped), 0 for a user who never had an entry. */
    public @NotNull CompletableFuture<Long> latestVersion(final @NotNull String userId) {
        // versions are gap-free above the floor: point lookups find the highest (see GapFree)
        return Reactive.first(floors.find(Filters.eq("_id", userId)))
                .thenApply(floor -> floor.map(f -> f.getLong("version")).orElse(0L))
                .thenCompose(floor -> GapFree.highest(floor, version -> Reactive.first(events
                        .find(Filters.eq("_id", SyncEntry.id(userId, version))).projection(Projections.include("_id")))
                        .thenApply(Optional::isPresent)));
    }

    /** The user's latest version if this server numbered the user's stream since it started (no I/O). */
    public @NotNull Optional<Long> cachedLatest(final @NotNull String userId) {
        return cachedLast(userId);
    }

    /**
     * The user's latest version, for a device that read {@code page} after version {@code after}.
     * With a page, its last version is taken; with none, point lookups settle the common cases
     * (an empty stream, or one that ends at {@code after}): every version is gap-free and only a
     * prefix is ever dropped, after its floor was raised. Only a device whose version is beyond the
     * stream or behind a dropped prefix needs the full {@link #latestVersion} (a range on MongoDB,
     * a scan on stores without ordered indexes).
     */
    public @NotNull CompletableFuture<Long> latestAfterPage(final @NotNull String userId, final long after,
                                                            final @NotNull List<SyncEntry> page) {
        if (!page.isEmpty()) {
            return CompletableFuture.completedFuture(page.get(page.size() - 1).version());
        }
        return Reactive.first(floors.find(Filters.eq("_id", userId))).thenCompose(floorDoc -> {
            final long floor = floorDoc.map(f -> f.getLong("version")).orElse(0L);
            if (floor > after) {
                return latestVersion(userId); // dropped beyond the device's version
            }
            if (after == 0 || after == floor) {
                return CompletableFuture.completedFuture(after);
            }
            return Reactive.first(events.find(Filters.eq("_id", SyncEntry.id(userId, after))))
                    .thenCompose(entry -> entry.isPresent() ? CompletableFuture.completedFuture(after)
                            : latestVersion(userId)); // the device claims a version the stream never reached
        });
    }

    /**
     * Whether version has been handed out for the user (retained or not). Answered from memory when
     * this server allocated it, else from the store.
     */
    public @NotNull CompletableFuture<Boolean> reached(final @NotNull String userId, final long version) {
        final Optional<Long> cached = cachedLast(userId);
        if (cached.isPresent() && version <= cached.get()) {
            return CompletableFuture.completedFuture(true);
        }
        return latestVersion(userId).thenApply(latest -> version <= latest);
    }

    /** The user's lowest retained version, 0 when nothing is retained. */
    public @NotNull CompletableFuture<Long> oldestVersion(final @NotNull String userId) {
        return Reactive.first(events.find(stream(userId)).projection(Projections.include("version"))
                        .sort(Sorts.ascending("_id")).limit(1))
                .thenApply(d -> d.map(doc -> doc.getLong("version")).orElse(0L));
    }

    /** Drops the user's entries up to and including version (the per-user cap). */
    public @NotNull CompletableFuture<Long> trimThrough(final @NotNull String userId, final long version) {
        return raiseFloor(userId, version)
                .thenCompose(ignored -> Reactive.first(events.deleteMany(Filters.and(
                        Filters.gte("_id", SyncEntry.firstId(userId)), Filters.lte("_id", SyncEntry.id(userId, version))))))
                .thenApply(r -> r.map(DeleteResult::getDeletedCount).orElse(0L));
    }

    private @NotNull CompletableFuture<Void> raiseFloor(final @NotNull String userId, final long version) {
        return Reactive.done(floors.updateOne(Filters.eq("_id", userId), Updates.max("version", version),
                new UpdateOptions().upsert(true)));
    }

    /**
     * Drops every entry created before the cutoff (the retention period). Done by query, not by
     * a TTL index, so it also works on stores that ignore TTL indexes.
     */
    public @NotNull CompletableFuture<Long> expireBefore(final @NotNull Date cutoff) {
        final Bson expired = Filters.lt("createdAt", cutoff);
        return Reactive.list(events.aggregate(List.of(Aggregates.match(expired),
                        Aggregates.group("$userId", Accumulators.max("version", "$version")))))
                .thenCompose(highest -> CompletableFuture.allOf(highest.stream()
                        .map(d -> raiseFloor(d.getString("_id"), d.getLong("version")))
                        .toArray(CompletableFuture[]::new)))
                .thenCompose(ignored -> Reactive.first(events.deleteMany(expired)))
                .thenApply(r -> r.map(DeleteResult::getDeletedCount).orElse(0L));
    }

    /**
     * Entries with version &gt; after, ascending, at most limit. Versions are gap-free (only a prefix
     * is ever dropped), so these are the ids after+1 … after+limit: point lookups on the primary key.
     */
    public @NotNull CompletableFuture<List<SyncEntry>> after(final @NotNull String userId, final long after,
                                                             final int limit) {
        final List<String> ids = new ArrayList<>(limit);
        for (long version = after + 1; version <= after + limit; version++) {
            ids.add(SyncEntry.id(userId, version));
        }
        return Reactive.list(events.find(Filters.in("_id", ids)))
                .thenApply(docs -> docs.stream().map(SyncEntry::fromDocument)
                        .sorted(Comparator.comparingLong(SyncEntry::version)).collect(Collectors.toList()));
    }

    /** Every entry of the user: a range of the primary key. */
    private static @NotNull Bson stream(final @NotNull String userId) {
        return Filters.and(Filters.gte("_id", SyncEntry.firstId(userId)), Filters.lt("_id", SyncEntry.endId(userId)));
    }
}
