package io.missive.storage.sequence;

import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.mongo.MongoErrors;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * A collection whose documents carry a per-key number (a conversation's seq, a user's sync
 * version) that is unique, gap-free and increasing, plus an idempotency key.
 *
 * <p>Appends to one key run one batch at a time ({@link KeyedAppender}). A batch takes the
 * numbers after the last known one and is stored with one ordered insertMany: the common case
 * costs that single write and no query. Two unique indexes arbitrate: (key, number) and
 * (key, idempotency key). A duplicate key stops the ordered insert at document i (those before it
 * are stored, so no gap can appear); one lookup tells whether i was a repeat (it is answered with
 * the stored document) or its number was taken by another server (the last number is re-read).
 * The rest is numbered again and retried. Under load, the inserts of many keys travel together in
 * one command ({@link OrderedInserts}), each keeping these semantics. There is no counter: a number exists exactly when its
 * document does, so numbers stay gap-free across crashes, on any MongoDB-wire server.
 *
 * @param <T> what is appended
 * @param <S> what is stored (T with its number)
 * @param <R> what an append answers
 */
public abstract class NumberedLog<T, S, R> extends KeyedAppender<T, R> {

    private static final int MAX_CONFLICTS = 8;

    /** Combined inserts in flight at once per collection (see {@link OrderedInserts}). */
    private static final int INSERTS_IN_FLIGHT = 4;

    private final @NotNull OrderedInserts inserts;
    private final @NotNull LastValueCache lastNumbers = new LastValueCache(100_000);
    private final @NotNull String collectionName;
    private final @NotNull AppendTimes times;

    protected NumberedLog(final @NotNull MongoCollection<Document> collection, final @NotNull Executor executor,
                          final @NotNull AppendTimes times) {
        super(executor, 256);
        this.inserts = new OrderedInserts(collection, INSERTS_IN_FLIGHT);
        this.collectionName = collection.getNamespace().getCollectionName();
        this.times = times;
    }

    /** Documents waiting for a free insert slot of this collection. */
    public final int queuedDocuments() {
        return inserts.queuedDocuments();
    }

    /** The idempotency key of an item: repeats of it share one stored document. */
    protected abstract @NotNull String idempotencyKey(@NotNull T item);

    /** The item as stored with its number. */
    protected abstract @NotNull S numbered(@NotNull T item, long number);

    protected abstract @NotNull Document toDocument(@NotNull S stored);

    /** The stored document with the item's idempotency key, if any. */
    protected abstract @NotNull CompletableFuture<Optional<S>> findStored(@NotNull String key, @NotNull T item);

    /** The highest number stored for the key, 0 when none. */
    protected abstract @NotNull CompletableFuture<Long> latestStored(@NotNull String key);

    protected abstract @NotNull R answer(@NotNull S stored, boolean repeat);

    /** The last number this server allocated for the key, if it remembers it (no I/O). */
    protected final @NotNull Optional<Long> cachedLast(final @NotNull String key) {
        return Optional.ofNullable(lastNumbers.get(key));
    }

    /**
     * Tells the log the highest number stored for a key, as read in bulk by a subclass, so that
     * the first append to it needs no query of its own. Ignored when the key is known already; a
     * stale value only costs a conflict and a re-read.
     */
    protected final void primeLast(final @NotNull String key, final long latest) {
        lastNumbers.putIfAbsent(key, latest);
    }

    @Override
    protected final @NotNull CompletableFuture<Void> appendBatch(final @NotNull String key,
                                                                 final @NotNull List<Pending<T, R>> batch) {
        final LinkedHashMap<String, List<Pending<T, R>>> groups = new LinkedHashMap<>();
        for (final Pending<T, R> p : batch) {
            groups.computeIfAbsent(idempotencyKey(p.item()), k -> new ArrayList<>()).add(p);
        }
        return last(key).thenCompose(last -> insert(key, last, new ArrayList<>(groups.values()), 0));
    }

    private @NotNull CompletableFuture<Long> last(final @NotNull String key) {
        final Long cached = lastNumbers.get(key);
        return cached != null ? CompletableFuture.completedFuture(cached) : latestStored(key);
    }

    private @NotNull CompletableFuture<Void> insert(final @NotNull String key, final long last,
                                                    final @NotNull List<List<Pending<T, R>>> groups,
                                                    final int conflicts) {
        final List<S> toStore = new ArrayList<>(groups.size());
        long number = last;
        for (final List<Pending<T, R>> group : groups) {
            toStore.add(numbered(group.get(0).item(), ++number));
        }
        final List<Document> docs = toStore.stream().map(this::toDocument).collect(Collectors.toList());
        return inserts.insert(docs)
                .thenApply(outcome -> {
                    final Throwable error = outcome.error();
                    final int stored = outcome.stored();
                    final long answeredNanos = System.nanoTime();
                    for (int i = 0; i < Math.max(stored, 0); i++) {
                        // repeats of one item in the batch share its document: the first stored it,
                        // the others are answered as repeats
                        final List<Pending<T, R>> group = groups.get(i);
                        for (int j = 0; j < group.size(); j++) {
                            final Pending<T, R> p = group.get(j);
                            times.stored(collectionName, outcome.sentNanos() - p.submittedNanos(),
                                    answeredNanos - outcome.sentNanos());
                            p.complete(answer(toStore.get(i), j > 0));
                        }
                    }
                    if (stored > 0) {
                        lastNumbers.put(key, last + stored);
                    }
                    if (error == null) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    if (stored < 0) {
                        lastNumbers.forget(key);
                        return CompletableFuture.<Void>failedFuture(MongoErrors.unwrap(error));
                    }
                    return resolve(key, last + stored, groups.get(stored), groups.subList(stored + 1, groups.size()),
                            conflicts);
                })
                .thenCompose(f -> f);
    }

    /** After a duplicate key on {@code refused}: a repeat is answered, a taken number is retried. */
    private @NotNull CompletableFuture<Void> resolve(final @NotNull String key, final long storedUpTo,
                                                     final @NotNull List<Pending<T, R>> refused,
                                                     final @NotNull List<List<Pending<T, R>>> rest,
                                                     final int conflicts) {
        return findStored(key, refused.get(0).item()).thenCompose(existing -> {
            final List<List<Pending<T, R>>> remaining = new ArrayList<>();
            if (existing.isPresent()) {
                final R repeat = answer(existing.get(), true);
                refused.forEach(p -> p.complete(repeat));
            } else {
                if (conflicts + 1 >= MAX_CONFLICTS) {
                    lastNumbers.forget(key);
                    return CompletableFuture.<Void>failedFuture(new IllegalStateException(
                            "no free number for " + key + " after " + (conflicts + 1) + " conflicts"));
                }
                remaining.add(refused);
            }
            remaining.addAll(rest);
            if (remaining.isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (existing.isPresent()) {
                return insert(key, storedUpTo, remaining, conflicts);
            }
            lastNumbers.forget(key);
            return latestStored(key).thenCompose(last -> insert(key, last, remaining, conflicts + 1));
        });
    }
}
