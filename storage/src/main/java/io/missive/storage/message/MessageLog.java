package io.missive.storage.message;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.mongo.MongoErrors;
import io.missive.storage.mongo.Reactive;
import io.missive.storage.sequence.KeyedAppender;
import io.missive.storage.sequence.LastValueCache;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The durable, per-conversation ordered log of messages.
 *
 * <p>Seq allocation: appends to one conversation run one batch at a time ({@link KeyedAppender});
 * a batch takes the next seqs after the last known one and is inserted with one ordered
 * insertMany. The unique index (conversationId, seq) is the arbiter across servers: a seq taken
 * elsewhere fails the insert from that document on; the documents before it are stored (an ordered
 * insert stops at the first failure, so no gap can appear) and the rest are retried after
 * re-reading the conversation's highest seq. No counter document and no findOneAndUpdate: a seq
 * exists exactly when its message does, so seqs are gap-free even across crashes.
 *
 * <p>Idempotency: (conversationId, clientMsgId, senderUserId) is unique; a resend fails its insert
 * on that index and is answered with the stored message.
 */
public final class MessageLog extends KeyedAppender<NewMessage, AppendResult> {

    private static final Logger LOG = LoggerFactory.getLogger(MessageLog.class);
    private static final int MAX_ATTEMPTS = 8;

    private final @NotNull MongoCollection<Document> messages;
    private final @NotNull LastValueCache lastSeqs = new LastValueCache(100_000);

    public MessageLog(final @NotNull MongoCollection<Document> messages, final @NotNull Executor executor) {
        super(executor, 256);
        this.messages = messages;
    }

    /** Stores the message with the conversation's next seq, or returns the earlier copy of a resend. */
    public @NotNull CompletableFuture<AppendResult> append(final @NotNull NewMessage message) {
        return submit(message.conversationId(), message);
    }

    @Override
    protected @NotNull CompletableFuture<Void> appendBatch(
            final @NotNull String conversationId, final @NotNull List<Pending<NewMessage, AppendResult>> batch) {
        return attempt(conversationId, batch, 1);
    }

    private @NotNull CompletableFuture<Void> attempt(final @NotNull String conversationId,
                                                     final @NotNull List<Pending<NewMessage, AppendResult>> batch,
                                                     final int attempt) {
        // Repeats of one clientMsgId inside the batch share the first one's result.
        final LinkedHashMap<String, List<Pending<NewMessage, AppendResult>>> fresh = new LinkedHashMap<>();
        for (final Pending<NewMessage, AppendResult> p : batch) {
            fresh.computeIfAbsent(p.item().dedupKey(), k -> new ArrayList<>()).add(p);
        }
        return lastSeq(conversationId).thenCompose(last ->
                insert(conversationId, last, new ArrayList<>(fresh.values()), attempt));
    }

    /**
     * Inserts first and asks questions later: the common case (new messages, no competing server)
     * costs one insertMany and no query. A duplicate key stops the ordered insert at document i;
     * one indexed lookup tells whether i is a resend (answered with the stored copy) or its seq was
     * taken elsewhere (the seq is re-read); the documents after i are numbered again and retried.
     */
    private @NotNull CompletableFuture<Void> insert(
            final @NotNull String conversationId, final long last,
            final @NotNull List<List<Pending<NewMessage, AppendResult>>> groups, final int attempt) {
        final long now = System.currentTimeMillis();
        final List<StoredMessage> toStore = new ArrayList<>(groups.size());
        long seq = last;
        for (final List<Pending<NewMessage, AppendResult>> group : groups) {
            final NewMessage m = group.get(0).item();
            seq++;
            toStore.add(new StoredMessage(new ObjectId().toHexString(), conversationId, seq, m.senderUserId(),
                    m.senderDeviceId(), m.clientMsgId(), now, m.text(), false));
        }
        final List<Document> docs = toStore.stream().map(StoredMessage::toDocument).collect(Collectors.toList());
        return Reactive.done(messages.insertMany(docs, new InsertManyOptions().ordered(true)))
                .handle((ok, error) -> {
                    final int stored = error == null ? docs.size() : MongoErrors.insertedPrefix(error);
                    for (int i = 0; i < Math.max(stored, 0); i++) {
                        final AppendResult result = new AppendResult(toStore.get(i), false);
                        groups.get(i).forEach(p -> p.complete(result));
                    }
                    if (stored > 0) {
                        lastSeqs.put(conversationId, last + stored);
                    }
                    if (error == null) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    if (stored < 0) {
                        lastSeqs.forget(conversationId);
                        return CompletableFuture.<Void>failedFuture(MongoErrors.unwrap(error));
                    }
                    final List<Pending<NewMessage, AppendResult>> refused = groups.get(stored);
                    final List<List<Pending<NewMessage, AppendResult>>> rest = groups.subList(stored + 1, groups.size());
                    return resolveConflict(conversationId, last + stored, refused, rest, attempt);
                })
                .thenCompose(f -> f);
    }

    private @NotNull CompletableFuture<Void> resolveConflict(
            final @NotNull String conversationId, final long storedUpTo,
            final @NotNull List<Pending<NewMessage, AppendResult>> refused,
            final @NotNull List<List<Pending<NewMessage, AppendResult>>> rest, final int attempt) {
        final NewMessage m = refused.get(0).item();
        return findByClientMsgId(conversationId, m.senderUserId(), m.clientMsgId()).thenCompose(existing -> {
            final List<List<Pending<NewMessage, AppendResult>>> remaining = new ArrayList<>();
            if (existing.isPresent()) {
                final AppendResult duplicate = new AppendResult(existing.get(), true);
                refused.forEach(p -> p.complete(duplicate));
            } else {
                // The seq was taken by another server: it counts as a conflict attempt.
                remaining.add(refused);
                if (attempt >= MAX_ATTEMPTS) {
                    lastSeqs.forget(conversationId);
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            "could not allocate a seq in " + conversationId + " after " + attempt + " attempts"));
                }
            }
            remaining.addAll(rest);
            if (remaining.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (existing.isPresent()) {
                return insert(conversationId, storedUpTo, remaining, attempt);
            }
            lastSeqs.forget(conversationId);
            LOG.debug("Seq taken concurrently in {}; retrying {} messages", conversationId, remaining.size());
            return lastSeq(conversationId).thenCompose(last -> insert(conversationId, last, remaining, attempt + 1));
        });
    }

    private @NotNull CompletableFuture<Optional<StoredMessage>> findByClientMsgId(
            final @NotNull String conversationId, final @NotNull String senderUserId, final @NotNull String clientMsgId) {
        return Reactive.first(messages.find(Filters.and(Filters.eq("conversationId", conversationId),
                        Filters.eq("clientMsgId", clientMsgId), Filters.eq("senderUserId", senderUserId))))
                .thenApply(d -> d.map(StoredMessage::fromDocument));
    }

    private @NotNull CompletableFuture<Long> lastSeq(final @NotNull String conversationId) {
        final Long cached = lastSeqs.get(conversationId);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return latestSeq(conversationId);
    }

    /** The highest seq stored in the conversation, 0 when it has none. */
    public @NotNull CompletableFuture<Long> latestSeq(final @NotNull String conversationId) {
        return Reactive.first(messages.find(Filters.eq("conversationId", conversationId))
                        .projection(Projections.include("seq")).sort(Sorts.descending("seq")).limit(1))
                .thenApply(d -> d.map(doc -> doc.getLong("seq")).orElse(0L));
    }

    /**
     * A page of the conversation, ascending by seq.
     *
     * @param before true: the newest messages with seq &lt; anchor (anchor 0 = from the newest);
     *               false: the oldest messages with seq &gt; anchor
     * @param limit  at most this many; one more is read to tell whether more exist
     */
    public @NotNull CompletableFuture<Page> page(final @NotNull String conversationId, final boolean before,
                                                 final long anchor, final int limit) {
        final Bson range;
        if (before) {
            range = anchor <= 0 ? Filters.eq("conversationId", conversationId)
                    : Filters.and(Filters.eq("conversationId", conversationId), Filters.lt("seq", anchor));
        } else {
            range = Filters.and(Filters.eq("conversationId", conversationId), Filters.gt("seq", anchor));
        }
        return Reactive.list(messages.find(range)
                        .sort(before ? Sorts.descending("seq") : Sorts.ascending("seq"))
                        .limit(limit + 1))
                .thenApply(docs -> {
                    final boolean more = docs.size() > limit;
                    final List<StoredMessage> page = docs.stream().limit(limit).map(StoredMessage::fromDocument)
                            .collect(Collectors.toCollection(ArrayList::new));
                    if (before) {
                        java.util.Collections.reverse(page);
                    }
                    return new Page(page, more);
                });
    }

    public @NotNull CompletableFuture<Optional<StoredMessage>> find(final @NotNull String conversationId, final long seq) {
        return Reactive.first(messages.find(Filters.and(Filters.eq("conversationId", conversationId),
                Filters.eq("seq", seq)))).thenApply(d -> d.map(StoredMessage::fromDocument));
    }

    /** The messages with these ids (those that exist), by id. */
    public @NotNull CompletableFuture<java.util.Map<String, StoredMessage>> byIds(final @NotNull List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return CompletableFuture.completedFuture(java.util.Map.of());
        }
        final List<ObjectId> ids = messageIds.stream().map(ObjectId::new).collect(Collectors.toList());
        return Reactive.list(messages.find(Filters.in("_id", ids))).thenApply(docs -> {
            final java.util.Map<String, StoredMessage> byId = new java.util.HashMap<>();
            docs.forEach(d -> {
                final StoredMessage m = StoredMessage.fromDocument(d);
                byId.put(m.messageId(), m);
            });
            return byId;
        });
    }

    /** Marks messages as entered into every recipient's sync stream. */
    public @NotNull CompletableFuture<Void> markFannedOut(final @NotNull List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        final List<ObjectId> ids = messageIds.stream().map(ObjectId::new).collect(Collectors.toList());
        return Reactive.done(messages.updateMany(Filters.in("_id", ids), Updates.set("fannedOut", true)));
    }

    /** Messages stored but not yet fanned out (a crash between the two), oldest first per conversation. */
    public @NotNull CompletableFuture<List<StoredMessage>> notFannedOut(final int limit) {
        return Reactive.list(messages.find(Filters.eq("fannedOut", false))
                        .sort(Sorts.ascending("conversationId", "seq")).limit(limit))
                .thenApply(docs -> docs.stream().map(StoredMessage::fromDocument).collect(Collectors.toList()));
    }

    /** A page of messages. */
    public static final class Page {
        private final @NotNull List<StoredMessage> messages;
        private final boolean hasMore;

        Page(final @NotNull List<StoredMessage> messages, final boolean hasMore) {
            this.messages = messages;
            this.hasMore = hasMore;
        }

        public @NotNull List<StoredMessage> messages() {
            return messages;
        }

        public boolean hasMore() {
            return hasMore;
        }
    }
}
