package io.missive.sdk.internal;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.GroupChange;
import io.missive.sdk.HistoryPage;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The order of group events, with no requests, timers or threads of its own. For each group the
 * device follows, the {@link DeviceCursor} holds the last seq delivered: an event that continues
 * it is delivered, a repeat is dropped, and one beyond a gap waits in the group's
 * {@link GroupBacklog} until the gap closes or a page of history shows that nothing else up to it
 * is visible. Events of a group the device does not follow wait, a few of them, for the user's
 * join, which starts following; the user's departure, once delivered, stops following. Whether and
 * when a gap is filled from history is the {@link Gaps}' business, told after every change.
 * Confined to the delivery thread.
 */
final class GroupOrdering {

    /** Events waiting behind a gap, per followed group; beyond it the highest are dropped (history has them). */
    static final int MAX_PENDING = 1_000;
    /** Events of a group the device does not follow (yet), waiting for the user's join. */
    static final int MAX_WAITING_FOR_JOIN = 100;
    /** Groups the device does not follow with events waiting for a join. */
    static final int MAX_WAITING_GROUPS = 100;

    /** Group delivery logs under one name. */
    private static final @NotNull Logger LOG = Logger.getLogger(GroupSync.class.getName());

    /** What becomes of a gap; called after events were added to a group or delivered from it. */
    interface Gaps {

        /**
         * @param urgent fill a gap at once (an entry of the stream waits behind it) instead of after
         *               the repair delay
         * @param moved  true when events were delivered: a gap that remains is a new one and gets the
         *               full delay
         */
        void settle(@NotNull GroupBacklog group, boolean urgent, boolean moved);
    }

    private final @NotNull String userId;
    private final @NotNull DeviceCursor cursor;
    private final @NotNull Consumer<ChatMessage> sink;
    private final @NotNull Gaps gaps;
    private final @NotNull Map<String, GroupBacklog> groups = new HashMap<>();

    /** @param userId the user this device belongs to: their joins and departures start and stop following */
    GroupOrdering(final @NotNull String userId, final @NotNull DeviceCursor cursor,
                  final @NotNull Consumer<ChatMessage> sink, final @NotNull Gaps gaps) {
        this.userId = userId;
        this.cursor = cursor;
        this.sink = sink;
        this.gaps = gaps;
    }

    /** @return what the device keeps about the group, if anything */
    @Nullable GroupBacklog get(final @NotNull String conversationId) {
        return groups.get(conversationId);
    }

    /** @return what the device keeps about the group; kept from now on if it was not */
    @NotNull GroupBacklog getOrCreate(final @NotNull String conversationId) {
        return groups.computeIfAbsent(conversationId, GroupBacklog::new);
    }

    /** @return every group the device keeps something about; removing from it forgets a group */
    @NotNull Collection<GroupBacklog> all() {
        return groups.values();
    }

    /**
     * Takes a group event: delivers it with what it lets through, keeps it waiting behind a gap or
     * for the user's join, or drops it (a repeat, no longer visible, or beyond the limits); then
     * tells the {@link Gaps}.
     *
     * @param urgent fill a gap at once (an entry of the stream waits behind it) instead of after the repair delay
     */
    void offer(final @NotNull ChatMessage event, final boolean urgent) {
        final String id = event.conversationId();
        final long seq = event.seq();
        if (id.isEmpty() || seq < 1) {
            LOG.fine(() -> "dropping a group event without a position: " + event);
            return;
        }
        final boolean following = cursor.isFollowing(id);
        if (following ? seq <= cursor.groupSeq(id) : seq <= cursor.leftAt(id)) {
            LOG.fine(() -> "dropping repeated or no longer visible " + id + " #" + seq);
            return;
        }
        GroupBacklog group = groups.get(id);
        if (group == null) {
            if (!following && waitingGroups() >= MAX_WAITING_GROUPS) {
                LOG.fine(() -> "too many unknown groups with waiting events; dropping " + id + " #" + seq);
                return;
            }
            group = new GroupBacklog(id);
            groups.put(id, group);
        }
        final int capacity = following ? MAX_PENDING : MAX_WAITING_FOR_JOIN;
        if (group.pending.size() >= capacity && !group.pending.containsKey(seq)) {
            if (seq > group.pending.lastKey()) {
                LOG.fine(() -> "too many waiting events in " + id + "; dropping #" + seq);
                gaps.settle(group, urgent, false);
                return;
            }
            group.pending.pollLastEntry();
        }
        group.pending.putIfAbsent(seq, event);
        gaps.settle(group, urgent, drain(group, 0) > 0);
    }

    /**
     * Delivers the waiting events that continue the group's position; with {@code completeUpTo},
     * also those up to it over gaps (history showed that nothing else up to there is visible).
     *
     * @return how many were delivered
     */
    int drain(final @NotNull GroupBacklog group, final long completeUpTo) {
        int delivered = 0;
        while (!group.pending.isEmpty()) {
            if (cursor.isFollowing(group.id)) {
                final long last = cursor.groupSeq(group.id);
                final Map.Entry<Long, ChatMessage> first = group.pending.firstEntry();
                final long seq = first.getKey();
                if (seq > last + 1 && seq > completeUpTo) {
                    break;
                }
                group.pending.pollFirstEntry();
                if (seq > last) {
                    deliver(first.getValue());
                    delivered++;
                }
            } else {
                final ChatMessage join = firstJoin(group);
                if (join == null) {
                    group.pending.headMap(cursor.leftAt(group.id), true).clear();
                    break;
                }
                // what came before the join was not visible to the user
                group.pending.headMap(join.seq(), true).clear();
                cursor.follow(group.id, join.seq() - 1);
                deliver(join);
                delivered++;
            }
        }
        return delivered;
    }

    /**
     * Adds a page of the group's history, read after its position, to its waiting events, and
     * delivers what continues the position or what the page shows to be complete; saves the cursor.
     *
     * @return true when the history goes on after this page: the next one is to be read
     */
    boolean addHistory(final @NotNull GroupBacklog group, final @NotNull HistoryPage page) {
        final long after = cursor.groupSeq(group.id);
        long highest = 0;
        long lowest = Long.MAX_VALUE;
        for (final ChatMessage message : page.messages()) {
            if (message.seq() > after) {
                group.pending.putIfAbsent(message.seq(), message);
                lowest = Math.min(lowest, message.seq());
            }
            highest = Math.max(highest, message.seq());
        }
        drain(group, completeUpTo(group, page, highest, lowest));
        trim(group);
        cursor.save();
        return page.hasMore() && highest > after && cursor.isFollowing(group.id);
    }

    /**
     * @return the seq up to which the group's waiting events may be delivered over gaps after this
     *         page: the page holds every visible event up to its last one; history shows a member
     *         nothing before their latest join, so what waits up to a join of the user below the page
     *         cannot come from history; and an empty last page means nothing else is visible up to
     *         the latest seq
     */
    private long completeUpTo(final @NotNull GroupBacklog group, final @NotNull HistoryPage page, final long highest,
                              final long lowest) {
        long complete = highest;
        for (final ChatMessage event : group.pending.headMap(lowest, false).values()) {
            if (isJoinOfUser(event)) {
                complete = Math.max(complete, event.seq());
            }
        }
        if (page.messages().isEmpty() && !page.hasMore()) {
            complete = Math.max(complete, page.latestSeq());
        }
        return complete;
    }

    /**
     * The group's history cannot be read, for a reason that repeating does not change: delivers
     * what waits over the gap, and stops following the group when the user is no longer a member
     * or it is gone; saves the cursor.
     */
    void deliverOverGap(final @NotNull GroupBacklog group, final @NotNull ErrorCode code) {
        drain(group, Long.MAX_VALUE);
        if ((code == ErrorCode.NOT_A_MEMBER || code == ErrorCode.NOT_FOUND) && cursor.isFollowing(group.id)) {
            cursor.unfollow(group.id, cursor.groupSeq(group.id));
        }
        cursor.save();
    }

    /** Drops the waiting events of the groups the device does not follow, and forgets those groups when idle. */
    void dropUnfollowed() {
        for (final GroupBacklog group : new ArrayList<>(groups.values())) {
            if (!cursor.isFollowing(group.id)) {
                group.pending.clear();
                forgetIfIdle(group);
            }
        }
    }

    /** Forgets the group when nothing of it waits and no fill or timer of it runs. */
    void forgetIfIdle(final @NotNull GroupBacklog group) {
        if (group.isIdle()) {
            groups.remove(group.id, group);
        }
    }

    private void trim(final @NotNull GroupBacklog group) {
        while (group.pending.size() > MAX_PENDING) {
            group.pending.pollLastEntry();
        }
    }

    private int waitingGroups() {
        int waiting = 0;
        for (final GroupBacklog group : groups.values()) {
            if (!cursor.isFollowing(group.id)) {
                waiting++;
            }
        }
        return waiting;
    }

    private void deliver(final @NotNull ChatMessage event) {
        cursor.groupDelivered(event);
        if (isDepartureOfUser(event)) {
            cursor.unfollow(event.conversationId(), event.seq());
        }
        sink.accept(event);
    }

    private @Nullable ChatMessage firstJoin(final @NotNull GroupBacklog group) {
        final long left = cursor.leftAt(group.id);
        for (final ChatMessage event : group.pending.values()) {
            if (event.seq() > left && isJoinOfUser(event)) {
                return event;
            }
        }
        return null;
    }

    private boolean isJoinOfUser(final @NotNull ChatMessage event) {
        final Optional<GroupChange> change = event.change();
        return change.isPresent() && change.get().isJoinOf(userId);
    }

    private boolean isDepartureOfUser(final @NotNull ChatMessage event) {
        final Optional<GroupChange> change = event.change();
        return change.isPresent() && (change.get().isDepartureOf(userId)
                || change.get().kind() == GroupChange.Kind.MEMBER_LEFT && userId.equals(event.senderUserId()));
    }
}
