package io.missive.broker.group;

import io.missive.broker.cluster.Cluster;
import io.missive.broker.counters.Counters;
import io.missive.broker.messaging.DeferredWrites;
import io.missive.broker.push.Pushes;
import io.missive.broker.request.Protos;
import io.missive.broker.request.Replies;
import io.missive.broker.sync.DeviceSessions;
import io.missive.broker.sync.StreamAppender;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.SyncEvent;
import io.missive.storage.MongoStores;
import io.missive.storage.conversation.Membership;
import io.missive.storage.message.GroupEvent;
import io.missive.storage.message.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Delivery of a group's messages and events. A group message is stored once (read diffusion):
 * delivering it is recording it as the group's latest and publishing it live (version 0) to the
 * members with a device following their stream on this node (on any node, while others are alive:
 * docs/cluster.md). No per-member write happens on
 * this path; the members' conversation lists are moved up by one coalesced update.
 *
 * <p>A group event is first applied to the membership and group state; the users it lets in or
 * out also get it as an entry of their own sync stream, so that their devices learn of it even
 * after being offline; everyone else sees it in the group's log like a message.
 */
@Singleton
public final class GroupDelivery {

    private final @NotNull MongoStores stores;
    private final @NotNull GroupMembers members;
    private final @NotNull LatestMessages latest;
    private final @NotNull StreamAppender streams;
    private final @NotNull Replies replies;
    private final @NotNull DeviceSessions sessions;
    private final @NotNull DeferredWrites deferred;
    private final @NotNull Counters counters;
    private final @NotNull Pushes pushes;
    private final @NotNull Cluster cluster;

    @Inject
    public GroupDelivery(final @NotNull MongoStores stores, final @NotNull GroupMembers members,
                         final @NotNull LatestMessages latest, final @NotNull StreamAppender streams,
                         final @NotNull Replies replies, final @NotNull DeviceSessions sessions,
                         final @NotNull DeferredWrites deferred, final @NotNull Counters counters,
                         final @NotNull Pushes pushes, final @NotNull Cluster cluster) {
        this.cluster = cluster;
        this.pushes = pushes;
        this.counters = counters;
        this.stores = stores;
        this.members = members;
        this.latest = latest;
        this.streams = streams;
        this.replies = replies;
        this.sessions = sessions;
        this.deferred = deferred;
    }

    /** Delivers a stored group message; completes when it is recorded and handed to the broker. */
    public @NotNull CompletableFuture<Void> deliverMessage(final @NotNull StoredMessage message) {
        return latest.record(message)
                .thenCompose(ignored -> members.snapshot(message.conversationId()))
                .thenAccept(snapshot -> finish(message, snapshot));
    }

    /**
     * Applies a stored group event and enters it into the streams of the users it lets in or out.
     * Must run as a change of the group ({@link GroupMembers#change}); completes with the members
     * after the event.
     */
    public @NotNull CompletableFuture<GroupSnapshot> applyAndAnnounce(final @NotNull StoredMessage event) {
        final GroupEvent change = event.change();
        if (change == null) {
            throw new IllegalArgumentException("not a group event: " + event.messageId());
        }
        final String group = event.conversationId();
        return apply(event, change)
                .thenCompose(ignored -> members.reload(group))
                .thenCompose(snapshot -> stores.members().activeIds(group)
                        .thenCompose(ids -> stores.conversations().recordGroupState(group, event.seq(),
                                nameAfter(change), ownerAfter(event, change), ids))
                        .thenCompose(ignored -> latest.record(event))
                        .thenRun(() -> {
                            // who joined or left has read up to the event: they are counted from it
                            if (change.joins() || change.departs()) {
                                counters.positioned(group, change.userIds(), event.seq());
                            }
                        })
                        .thenCompose(ignored -> change.joins() || change.departs()
                                ? streams.append(event, change.userIds()) : CompletableFuture.completedFuture(null))
                        .thenApply(ignored -> {
                            finish(event, snapshot);
                            return snapshot;
                        }));
    }

    private @NotNull CompletableFuture<Void> apply(final @NotNull StoredMessage event, final @NotNull GroupEvent change) {
        final String group = event.conversationId();
        final long seq = event.seq();
        switch (change.kind()) {
            case GroupEvent.CREATED: {
                final Map<String, String> roles = new HashMap<>();
                change.userIds().forEach(user -> roles.put(user, Membership.MEMBER));
                roles.put(event.senderUserId(), Membership.OWNER);
                return stores.members().join(group, roles, seq, event.serverTimeMs());
            }
            case GroupEvent.MEMBERS_ADDED: {
                final Map<String, String> roles = new HashMap<>();
                change.userIds().forEach(user -> roles.put(user, Membership.MEMBER));
                return stores.members().join(group, roles, seq, event.serverTimeMs());
            }
            case GroupEvent.MEMBERS_REMOVED:
            case GroupEvent.MEMBER_LEFT:
                return stores.members().depart(group, change.userIds(), seq)
                        .thenCompose(ignored -> change.newOwner().isEmpty() ? CompletableFuture.completedFuture(null)
                                : stores.members().setRole(group, change.newOwner(), Membership.OWNER, seq));
            case GroupEvent.ROLE_CHANGED:
                if (!change.newOwner().isEmpty()) {
                    return stores.members().setRole(group, change.newOwner(), Membership.OWNER, seq)
                            .thenCompose(ignored -> stores.members().setRole(group, event.senderUserId(),
                                    Membership.ADMIN, seq));
                }
                return CompletableFuture.allOf(change.userIds().stream()
                        .map(user -> stores.members().setRole(group, user, change.role(), seq))
                        .toArray(CompletableFuture[]::new));
            default:
                return CompletableFuture.completedFuture(null);
        }
    }

    private static @Nullable String nameAfter(final @NotNull GroupEvent change) {
        return GroupEvent.CREATED.equals(change.kind()) || GroupEvent.RENAMED.equals(change.kind())
                ? change.name() : null;
    }

    private static @Nullable String ownerAfter(final @NotNull StoredMessage event, final @NotNull GroupEvent change) {
        if (GroupEvent.CREATED.equals(change.kind())) {
            return event.senderUserId();
        }
        return change.newOwner().isEmpty() ? null : change.newOwner();
    }

    /** Live to the members following now (those given a stream entry have it already), then bookkeeping. */
    private void finish(final @NotNull StoredMessage message, final @NotNull GroupSnapshot snapshot) {
        final GroupEvent change = message.change();
        final Set<String> entered = change != null && (change.joins() || change.departs())
                ? Set.copyOf(change.userIds()) : Set.of();
        // with other nodes alive, a member may follow there: the publisher routes to the nodes holding its devices
        final boolean peers = cluster.hasPeers();
        final List<String> online = snapshot.recipients(message.seq(),
                user -> !entered.contains(user) && (peers || sessions.following(user)));
        if (!online.isEmpty()) {
            final byte[] event = SyncEvent.newBuilder().setVersion(0).setMessage(Protos.message(message)).build()
                    .toByteArray();
            online.forEach(user -> replies.liveEvent(Topics.userStream(user), event));
        }
        // every member who sees it counts it (events too: unread = latest seq - read seq)
        final List<String> recipients = snapshot.recipients(message.seq(), user -> true);
        counters.messageStored(message.conversationId(), message.seq(), message.senderUserId(), recipients);
        pushes.messageStored(message, recipients);
        deferred.ownRead(message.conversationId(), message.senderUserId(), message.seq());
        deferred.touch(message.conversationId(), message.serverTimeMs());
    }
}
