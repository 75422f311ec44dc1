package io.missive.storage.conversation;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.protocol.Ids;
import io.missive.storage.mongo.Bulk;
import io.missive.storage.mongo.MongoErrors;
import io.missive.storage.mongo.Reactive;
import io.missive.storage.sequence.KeyedChain;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Who is in which conversation: one document per (conversation, user), kept after the user
 * leaves so that what they may still read is known. Every change is applied with the seq of the
 * group event that made it and only over older changes, so applying an event twice, or two
 * events out of order, ends in the state of the newest one.
 *
 * <p>The same documents are each user's conversation list ("my conversations by last activity"):
 * {@code activityAt} is refreshed for all members of a conversation with one multi-document
 * update, never one write per member.
 */
public final class MemberStore {

    private final @NotNull MongoCollection<Document> members;
    private final @NotNull KeyedChain settingsChanges = new KeyedChain();

    public MemberStore(final @NotNull MongoCollection<Document> members) {
        this.members = members;
    }

    static @NotNull String key(final @NotNull String conversationId, final @NotNull String userId) {
        return conversationId + "|" + userId;
    }

    /** Makes users members from the event at seq on, each with the given role. */
    public @NotNull CompletableFuture<Void> join(final @NotNull String conversationId,
                                                 final @NotNull Map<String, String> roles, final long seq,
                                                 final long atMs) {
        if (roles.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        final Date at = new Date(atMs);
        final List<WriteModel<Document>> writes = new ArrayList<>(roles.size());
        roles.forEach((user, role) -> writes.add(new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", key(conversationId, user)), Filters.lt("changeSeq", seq)),
                Updates.combine(
                        Updates.set("conversationId", conversationId),
                        Updates.set("userId", user),
                        Updates.set("role", role),
                        Updates.set("roleSeq", seq),
                        Updates.set("joinedSeq", seq),
                        Updates.set("leftSeq", 0L),
                        Updates.set("active", true),
                        Updates.set("changeSeq", seq),
                        Updates.max("activityAt", at),
                        Updates.max("readSeq", seq),
                        Updates.setOnInsert("muted", false),
                        Updates.setOnInsert("label", ""),
                        Updates.setOnInsert("settingsRev", 0L)),
                new UpdateOptions().upsert(true))));
        return ignoringNewer(Reactive.done(members.bulkWrite(writes, new BulkWriteOptions().ordered(false))));
    }

    /** Ends the membership of users at the event at seq (removed or left). */
    public @NotNull CompletableFuture<Void> depart(final @NotNull String conversationId,
                                                   final @NotNull Collection<String> userIds, final long seq) {
        return Reactive.done(members.updateMany(Filters.and(Filters.eq("conversationId", conversationId),
                        Filters.in("userId", userIds), Filters.lt("changeSeq", seq)),
                Updates.combine(Updates.set("active", false), Updates.set("leftSeq", seq),
                        Updates.set("changeSeq", seq))));
    }

    /** Gives an active member a role, as of the event at seq. */
    public @NotNull CompletableFuture<Void> setRole(final @NotNull String conversationId, final @NotNull String userId,
                                                    final @NotNull String role, final long seq) {
        return Reactive.done(members.updateOne(Filters.and(Filters.eq("_id", key(conversationId, userId)),
                        Filters.eq("active", true), Filters.lt("roleSeq", seq)),
                Updates.combine(Updates.set("role", role), Updates.set("roleSeq", seq))));
    }

    /** Both users of a direct conversation, created once; a second call changes nothing. */
    public @NotNull CompletableFuture<Void> ensureDirect(final @NotNull String conversationId,
                                                         final @NotNull List<String> users) {
        final Date now = new Date();
        final List<WriteModel<Document>> writes = users.stream().map(user -> new UpdateOneModel<Document>(
                Filters.eq("_id", key(conversationId, user)),
                Updates.combine(
                        Updates.setOnInsert("conversationId", conversationId),
                        Updates.setOnInsert("userId", user),
                        Updates.setOnInsert("role", Membership.MEMBER),
                        Updates.setOnInsert("roleSeq", 0L),
                        Updates.setOnInsert("joinedSeq", 0L),
                        Updates.setOnInsert("leftSeq", 0L),
                        Updates.setOnInsert("active", true),
                        Updates.setOnInsert("changeSeq", 0L),
                        Updates.setOnInsert("activityAt", now),
                        Updates.setOnInsert("readSeq", 0L),
                        Updates.setOnInsert("muted", false),
                        Updates.setOnInsert("label", ""),
                        Updates.setOnInsert("settingsRev", 0L)),
                new UpdateOptions().upsert(true))).collect(Collectors.toList());
        return ignoringNewer(Reactive.done(members.bulkWrite(writes, new BulkWriteOptions().ordered(false))));
    }

    public @NotNull CompletableFuture<Optional<Membership>> find(final @NotNull String conversationId,
                                                                 final @NotNull String userId) {
        return Reactive.first(members.find(Filters.eq("_id", key(conversationId, userId))))
                .thenApply(d -> d.map(Membership::fromDocument));
    }

    /** Every current member, with role and join seq. */
    public @NotNull CompletableFuture<List<Membership>> active(final @NotNull String conversationId) {
        return Reactive.list(members.find(Filters.and(Filters.eq("conversationId", conversationId),
                        Filters.eq("active", true))))
                .thenApply(docs -> docs.stream().map(Membership::fromDocument).collect(Collectors.toList()));
    }

    /** A page of current members ascending by user id, after the given one ("" = from the first). */
    public @NotNull CompletableFuture<List<Membership>> page(final @NotNull String conversationId,
                                                             final @NotNull String afterUserId, final int limit) {
        return Reactive.list(members.find(Filters.and(Filters.eq("conversationId", conversationId),
                                Filters.eq("active", true), Filters.gt("userId", afterUserId)))
                        .sort(Sorts.ascending("userId")).limit(limit))
                .thenApply(docs -> docs.stream().map(Membership::fromDocument).collect(Collectors.toList()));
    }

    /**
     * A page of the user's current conversations, most recent activity first (ties by id), after
     * the given position (null = from the start).
     */
    public @NotNull CompletableFuture<List<Membership>> conversationsOf(final @NotNull String userId,
                                                                        final @Nullable Date afterActivity,
                                                                        final @NotNull String afterConversation,
                                                                        final int limit) {
        Bson filter = Filters.and(Filters.eq("userId", userId), Filters.eq("active", true));
        if (afterActivity != null) {
            filter = Filters.and(filter, Filters.or(Filters.lt("activityAt", afterActivity),
                    Filters.and(Filters.eq("activityAt", afterActivity),
                            Filters.gt("conversationId", afterConversation))));
        }
        return Reactive.list(members.find(filter)
                        .sort(Sorts.orderBy(Sorts.descending("activityAt"), Sorts.ascending("conversationId")))
                        .limit(limit))
                .thenApply(docs -> docs.stream().map(Membership::fromDocument).collect(Collectors.toList()));
    }

    /** Moves the conversation up every current member's list: one update for all of them. */
    public @NotNull CompletableFuture<Void> touch(final @NotNull String conversationId, final long atMs) {
        return touchAll(Map.of(conversationId, atMs));
    }

    /**
     * {@link #touch} for many conversations (conversation id → time) in one command: both members of
     * a direct conversation by {@code _id}, a group's current members by conversation.
     */
    public @NotNull CompletableFuture<Void> touchAll(final @NotNull Map<String, Long> atMsByConversation) {
        if (atMsByConversation.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        final List<WriteModel<Document>> writes = new ArrayList<>(atMsByConversation.size());
        atMsByConversation.forEach((conversationId, atMs) -> {
            final Date at = new Date(atMs);
            final String[] pair = Ids.directParticipants(conversationId);
            writes.add(pair != null
                    ? new UpdateManyModel<>(Filters.in("_id", key(conversationId, pair[0]), key(conversationId, pair[1])),
                            Updates.max("activityAt", at))
                    : new UpdateManyModel<>(Filters.and(Filters.eq("conversationId", conversationId),
                            Filters.eq("active", true), Filters.lt("activityAt", at)), Updates.set("activityAt", at)));
        });
        return Bulk.unordered(members, writes);
    }

    /**
     * Changes a current member's own settings (null = leave as is); completes with the membership
     * after the change, or empty when the user is not a member.
     */
    public @NotNull CompletableFuture<Optional<Membership>> updateSettings(final @NotNull String conversationId,
                                                                           final @NotNull String userId,
                                                                           final @Nullable Boolean muted,
                                                                           final @Nullable String label) {
        final List<Bson> changes = new ArrayList<>();
        if (muted != null) {
            changes.add(Updates.set("muted", muted));
        }
        if (label != null) {
            changes.add(Updates.set("label", label));
        }
        changes.add(Updates.inc("settingsRev", 1L));
        final String key = key(conversationId, userId);
        // one change of a member's settings at a time: the embedded store's findOneAndUpdate($inc)
        // hands the same revision to concurrent calls (MongoDB's does not), and the revision keys
        // the change's sync entry, so a shared one would drop an entry
        return settingsChanges.run(key, () -> Reactive.first(members.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", key), Filters.eq("active", true)), Updates.combine(changes),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                .thenApply(d -> d.map(Membership::fromDocument)));
    }

    /**
     * Moves a current member's read position up to seq (never down). Completes with the
     * membership as it was before, or empty when the user is not a member.
     */
    public @NotNull CompletableFuture<Optional<Membership>> markRead(final @NotNull String conversationId,
                                                                     final @NotNull String userId, final long seq) {
        return Reactive.first(members.findOneAndUpdate(Filters.and(Filters.eq("_id", key(conversationId, userId)),
                        Filters.eq("active", true)), Updates.max("readSeq", seq),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)))
                .thenApply(d -> d.map(Membership::fromDocument));
    }

    /** Read positions of several (conversation, user) pairs moved up at once (a sender's own messages). */
    public @NotNull CompletableFuture<Void> advanceReads(final @NotNull Map<String, Long> seqByKey) {
        if (seqByKey.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        final List<WriteModel<Document>> writes = new ArrayList<>(seqByKey.size());
        seqByKey.forEach((k, seq) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", k), Updates.max("readSeq", seq))));
        return Bulk.unordered(members, writes);
    }

    /** The key {@link #advanceReads} takes for a (conversation, user) pair. */
    public static @NotNull String readKey(final @NotNull String conversationId, final @NotNull String userId) {
        return key(conversationId, userId);
    }

    /** Current members other than one whose read position is at least seq. */
    public @NotNull CompletableFuture<List<String>> readers(final @NotNull String conversationId, final long seq,
                                                            final @NotNull String except) {
        return Reactive.list(members.find(Filters.and(Filters.eq("conversationId", conversationId),
                                Filters.eq("active", true), Filters.ne("userId", except),
                                Filters.or(Filters.gte("readSeq", seq), Filters.gte("joinedSeq", seq))))
                        .projection(Projections.include("userId")).sort(Sorts.ascending("userId")))
                .thenApply(docs -> docs.stream().map(d -> d.getString("userId")).collect(Collectors.toList()));
    }

    /** Every conversation the user is currently in (for recomputing their counters). */
    public @NotNull CompletableFuture<List<Membership>> ofUser(final @NotNull String userId) {
        return Reactive.list(members.find(Filters.and(Filters.eq("userId", userId), Filters.eq("active", true))))
                .thenApply(docs -> docs.stream().map(Membership::fromDocument).collect(Collectors.toList()));
    }

    /** Which of these users muted the conversation (by _id: one indexed lookup per user). */
    public @NotNull CompletableFuture<Set<String>> mutedAmong(final @NotNull String conversationId,
                                                              final @NotNull Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return CompletableFuture.completedFuture(Set.of());
        }
        return Reactive.list(members.find(Filters.and(
                                Filters.in("_id", userIds.stream().map(u -> key(conversationId, u))
                                        .collect(Collectors.toList())),
                                Filters.eq("muted", true)))
                        .projection(Projections.include("userId")))
                .thenApply(docs -> docs.stream().map(d -> d.getString("userId")).collect(Collectors.toSet()));
    }

    /** The ids of a conversation's current members (a light projection for fan-out). */
    public @NotNull CompletableFuture<List<String>> activeIds(final @NotNull String conversationId) {
        return Reactive.list(members.find(Filters.and(Filters.eq("conversationId", conversationId),
                                Filters.eq("active", true)))
                        .projection(Projections.include("userId")))
                .thenApply(docs -> docs.stream().map(d -> d.getString("userId")).collect(Collectors.toList()));
    }

    /**
     * An upsert guarded by "only over older changes" meets the newer document's key when the
     * guard does not match: that is the newer change winning, not a failure.
     */
    private static @NotNull CompletableFuture<Void> ignoringNewer(final @NotNull CompletableFuture<Void> write) {
        return write.handle((ok, error) -> {
            if (error != null && !MongoErrors.isDuplicateKey(error)) {
                throw new CompletionException(MongoErrors.unwrap(error));
            }
            return null;
        });
    }
}
