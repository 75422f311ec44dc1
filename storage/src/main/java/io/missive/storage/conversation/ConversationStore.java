package io.missive.storage.conversation;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.message.StoredMessage;
import io.missive.storage.mongo.Bulk;
import io.missive.storage.mongo.MongoErrors;
import io.missive.storage.mongo.Reactive;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/** Conversations: direct and group, with their latest activity (members are in {@link MemberStore}). */
public final class ConversationStore {

    /** The text of a conversation's last message is kept this short (code points) for list previews ({@link Preview}). */
    public static final int PREVIEW_CHARS = 200;

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
                                Updates.setOnInsert("memberCount", members.size()),
                                Updates.setOnInsert("participantsHash", Participants.hash(members)),
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

    /**
     * Creates a group document (no members yet: they join through the creation event). Completes
     * with false when the id exists already (a resent create).
     */
    public @NotNull CompletableFuture<Boolean> createGroup(final @NotNull String conversationId,
                                                           final @NotNull String name,
                                                           final @NotNull String ownerUserId, final long atMs) {
        final Date at = new Date(atMs);
        return Reactive.done(conversations.insertOne(new Document("_id", conversationId)
                        .append("type", Conversation.TYPE_GROUP)
                        .append("name", name)
                        .append("ownerUserId", ownerUserId)
                        .append("memberCount", 0)
                        .append("participantsHash", "")
                        .append("changeSeq", 0L)
                        .append("lastSeq", 0L)
                        .append("createdAt", at)
                        .append("updatedAt", at)))
                .handle((ok, error) -> {
                    if (error == null) {
                        return true;
                    }
                    if (MongoErrors.isDuplicateKey(error)) {
                        return false;
                    }
                    throw new CompletionException(MongoErrors.unwrap(error));
                });
    }

    /**
     * Records a group's state after the event at seq: name and owner (null = unchanged), member
     * count and participants hash. Ignored when a newer event was recorded already.
     */
    public @NotNull CompletableFuture<Void> recordGroupState(final @NotNull String conversationId, final long seq,
                                                             final @Nullable String name,
                                                             final @Nullable String ownerUserId,
                                                             final @NotNull Collection<String> members) {
        final List<Bson> changes = new ArrayList<>(List.of(Updates.set("changeSeq", seq),
                Updates.set("memberCount", members.size()),
                Updates.set("participantsHash", Participants.hash(members))));
        if (name != null) {
            changes.add(Updates.set("name", name));
        }
        if (ownerUserId != null) {
            changes.add(Updates.set("ownerUserId", ownerUserId));
        }
        return Reactive.done(conversations.updateOne(Filters.and(Filters.eq("_id", conversationId),
                Filters.lt("changeSeq", seq)), Updates.combine(changes)));
    }

    public @NotNull CompletableFuture<Optional<ConversationRecord>> find(final @NotNull String conversationId) {
        return Reactive.first(conversations.find(Filters.eq("_id", conversationId)))
                .thenApply(d -> d.map(ConversationRecord::fromDocument));
    }

    /** The conversations with these ids that exist, by id. */
    public @NotNull CompletableFuture<Map<String, ConversationRecord>> byIds(final @NotNull Collection<String> ids) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return Reactive.list(conversations.find(Filters.in("_id", ids))).thenApply(docs -> {
            final Map<String, ConversationRecord> byId = new HashMap<>();
            docs.forEach(d -> byId.put(d.getString("_id"), ConversationRecord.fromDocument(d)));
            return byId;
        });
    }

    /** The ids of conversations whose participants are exactly the set with this hash. */
    public @NotNull CompletableFuture<List<String>> withParticipants(final @NotNull String participantsHash) {
        return Reactive.list(conversations.find(Filters.eq("participantsHash", participantsHash))
                        .projection(Projections.include("_id")))
                .thenApply(docs -> docs.stream().map(d -> d.getString("_id")).collect(Collectors.toList()));
    }

    /**
     * Records the conversation's newest message or event (text cut to {@link #PREVIEW_CHARS}) and
     * its seq and time; ignored when a later one was recorded already.
     */
    public @NotNull CompletableFuture<Void> recordLast(final @NotNull StoredMessage last) {
        return Reactive.done(conversations.updateOne(lastFilter(last), lastUpdate(last)));
    }

    /** {@link #recordLast} for the latest messages of many conversations (one each), in one command. */
    public @NotNull CompletableFuture<Void> recordLast(final @NotNull Collection<StoredMessage> latest) {
        if (latest.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        final List<WriteModel<Document>> writes = new ArrayList<>(latest.size());
        for (final StoredMessage last : latest) {
            writes.add(new UpdateOneModel<>(lastFilter(last), lastUpdate(last)));
        }
        return Bulk.unordered(conversations, writes);
    }

    private static @NotNull Bson lastFilter(final @NotNull StoredMessage last) {
        return Filters.and(Filters.eq("_id", last.conversationId()), Filters.lt("lastSeq", last.seq()));
    }

    private static @NotNull Bson lastUpdate(final @NotNull StoredMessage last) {
        final String text = Preview.cut(last.text(), PREVIEW_CHARS);
        final StoredMessage preview = new StoredMessage(last.messageId(), last.conversationId(), last.seq(),
                last.senderUserId(), last.senderDeviceId(), last.clientMsgId(), last.serverTimeMs(), text,
                last.change());
        return Updates.combine(Updates.set("lastSeq", last.seq()), Updates.max("updatedAt", new Date(last.serverTimeMs())),
                Updates.set("lastMessage", preview.toDocument()));
    }
}
