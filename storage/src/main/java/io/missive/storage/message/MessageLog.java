package io.missive.storage.message;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.mongo.Reactive;
import io.missive.storage.sequence.AppendTimes;
import io.missive.storage.sequence.GapFree;
import io.missive.storage.sequence.NumberedLog;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The durable, per-conversation ordered log of messages: each message gets its conversation's
 * next seq (see {@link NumberedLog} for how seqs stay unique and gap-free on any backend), and
 * (conversationId, clientMsgId, senderUserId) is unique, so a resend is answered with the stored
 * message instead of being stored twice.
 */
public final class MessageLog extends NumberedLog<NewMessage, StoredMessage, AppendResult> {

    private final @NotNull MongoCollection<Document> messages;

    public MessageLog(final @NotNull MongoCollection<Document> messages, final @NotNull Executor executor,
                      final @NotNull AppendTimes times) {
        super(messages, executor, times);
        this.messages = messages;
    }

    /** Stores the message with the conversation's next seq, or returns the earlier copy of a resend. */
    public @NotNull CompletableFuture<AppendResult> append(final @NotNull NewMessage message) {
        return submit(message.conversationId(), message);
    }

    @Override
    protected @NotNull String idempotencyKey(final @NotNull NewMessage item) {
        return item.dedupKey();
    }

    @Override
    protected @NotNull StoredMessage numbered(final @NotNull NewMessage m, final long seq) {
        return new StoredMessage(new ObjectId().toHexString(), m.conversationId(), seq, m.senderUserId(),
                m.senderDeviceId(), m.clientMsgId(), System.currentTimeMillis(), m.text(), m.change());
    }

    @Override
    protected @NotNull Document toDocument(final @NotNull StoredMessage stored) {
        return stored.toDocument();
    }

    @Override
    protected @NotNull CompletableFuture<Optional<StoredMessage>> findStored(final @NotNull String conversationId,
                                                                          final @NotNull NewMessage m) {
        return Reactive.first(messages.find(Filters.and(Filters.eq("conversationId", conversationId),
                        Filters.eq("clientMsgId", m.clientMsgId()), Filters.eq("senderUserId", m.senderUserId()))))
                .thenApply(d -> d.map(StoredMessage::fromDocument));
    }

    @Override
    protected @NotNull CompletableFuture<Long> latestStored(final @NotNull String conversationId) {
        return latestSeq(conversationId);
    }

    @Override
    protected @NotNull AppendResult answer(final @NotNull StoredMessage stored, final boolean repeat) {
        return new AppendResult(stored, repeat);
    }

    /** The message (or group event) a sender stored with this client message / request id. */
    public @NotNull CompletableFuture<Optional<StoredMessage>> findSent(final @NotNull String conversationId,
                                                                        final @NotNull String senderUserId,
                                                                        final @NotNull String clientMsgId) {
        return findStored(conversationId, new NewMessage(conversationId, senderUserId, "", clientMsgId, ""));
    }

    /** The highest seq stored in the conversation, 0 when it has none. */
    public @NotNull CompletableFuture<Long> latestSeq(final @NotNull String conversationId) {
        return latestSeq(conversationId, 0);
    }

    /**
     * The highest seq of the conversation, known to be at least {@code atLeast} (a seq read from a
     * record written after its message was stored, such as the conversation's recorded latest): one
     * lookup when nothing came after it.
     */
    public @NotNull CompletableFuture<Long> latestSeq(final @NotNull String conversationId, final long atLeast) {
        // seqs are gap-free from 1: point lookups on the unique (conversationId, seq) find the highest
        return GapFree.highest(atLeast, seq -> Reactive.first(messages.find(bySeq(conversationId, seq))
                        .projection(Projections.include("_id")))
                .thenApply(Optional::isPresent));
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
        return page(conversationId, before, anchor, limit, 0, Long.MAX_VALUE);
    }

    /**
     * A page as above, restricted to the window lowest &lt; seq &lt;= highest (a group member sees
     * the messages after they joined and, once they left, none after that).
     */
    public @NotNull CompletableFuture<Page> page(final @NotNull String conversationId, final boolean before,
                                                 final long anchor, final int limit, final long lowest,
                                                 final long highest) {
        final long upperExclusive = highest == Long.MAX_VALUE ? Long.MAX_VALUE : highest + 1;
        final long lower = before ? lowest : Math.max(lowest, anchor);
        final long upper = before && anchor > 0 ? Math.min(anchor, upperExclusive) : upperExclusive;
        final List<Bson> filters = new ArrayList<>(List.of(Filters.eq("conversationId", conversationId)));
        if (lower > 0) {
            filters.add(Filters.gt("seq", lower));
        }
        if (upper != Long.MAX_VALUE) {
            filters.add(Filters.lt("seq", upper));
        }
        final Bson range = filters.size() == 1 ? filters.get(0) : Filters.and(filters);
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
        return Reactive.first(messages.find(bySeq(conversationId, seq))).thenApply(d -> d.map(StoredMessage::fromDocument));
    }

    /**
     * The message with this seq: exactly the fields of the unique index (no {@code $and}), so that
     * stores which use an index only for such a query (the embedded one) use it too.
     */
    private static @NotNull Document bySeq(final @NotNull String conversationId, final long seq) {
        return new Document("conversationId", conversationId).append("seq", seq);
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

    /**
     * Messages stored at or after {@code fromMs} (by the time in their id), after the id
     * {@code afterId} (exclusive; null: from the first), in id order, at most {@code limit}: the
     * messages whose fan-out a crash may have cut short ({@code FanoutCheckpoints}).
     */
    public @NotNull CompletableFuture<List<StoredMessage>> storedSince(final long fromMs,
                                                                       final @Nullable String afterId,
                                                                       final int limit) {
        final Bson range = afterId == null
                ? Filters.gte("_id", firstIdOfSecond(fromMs))
                : Filters.gt("_id", new ObjectId(afterId));
        return Reactive.list(messages.find(range).sort(Sorts.ascending("_id")).limit(limit))
                .thenApply(docs -> docs.stream().map(StoredMessage::fromDocument).collect(Collectors.toList()));
    }

    /** The lowest id an ObjectId created in the second holding {@code timeMs} can have. */
    static @NotNull ObjectId firstIdOfSecond(final long timeMs) {
        return new ObjectId(String.format("%08x%016x", timeMs / 1000, 0L));
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
