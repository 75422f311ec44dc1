package io.missive.storage.conversation;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.mongo.MongoErrors;
import io.missive.storage.mongo.Reactive;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Conversations and their members. */
public final class ConversationStore {

    private final @NotNull MongoCollection<Document> conversations;

    public ConversationStore(final @NotNull MongoCollection<Document> conversations) {
        this.conversations = conversations;
    }

    /** Creates the direct conversation if it does not exist yet; idempotent. */
    public @NotNull CompletableFuture<Conversation> ensureDirect(final @NotNull String conversationId,
                                                                 final @NotNull List<String> members) {
        final Date now = new Date();
        return Reactive.done(conversations.updateOne(Filters.eq("_id", conversationId),
                        Updates.combine(Updates.setOnInsert("type", Conversation.TYPE_DIRECT),
                                Updates.setOnInsert("members", members),
                                Updates.setOnInsert("createdAt", now),
                                Updates.setOnInsert("lastSeq", 0L),
                                Updates.setOnInsert("updatedAt", now)),
                        new UpdateOptions().upsert(true)))
                .handle((ok, error) -> {
                    // Two servers upserting the same new id at once: one wins, both see the same document.
                    if (error != null && !MongoErrors.isDuplicateKey(error)) {
                        throw new CompletionException(MongoErrors.unwrap(error));
                    }
                    return new Conversation(conversationId, Conversation.TYPE_DIRECT, members);
                });
    }

    public @NotNull CompletableFuture<Optional<Conversation>> find(final @NotNull String conversationId) {
        return Reactive.first(conversations.find(Filters.eq("_id", conversationId))).thenApply(d -> d.map(doc ->
                new Conversation(doc.getString("_id"), doc.getString("type"), doc.getList("members", String.class))));
    }

    /** Records the conversation's latest seq and activity time; never moves backwards. */
    public @NotNull CompletableFuture<Void> recordActivity(final @NotNull String conversationId, final long seq,
                                                           final long timeMs) {
        return Reactive.done(conversations.updateOne(Filters.eq("_id", conversationId),
                Updates.combine(Updates.max("lastSeq", seq), Updates.max("updatedAt", new Date(timeMs)))));
    }
}
