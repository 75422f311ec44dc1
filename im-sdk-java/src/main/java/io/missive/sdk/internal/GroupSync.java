package io.missive.sdk.internal;

import io.missive.protocol.v1.Message;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers group messages exactly once and in seq order per group. Group messages are stored once
 * per group (read diffusion) and are not entries of the user's sync stream: the server publishes
 * them live as sync events with version 0, and the device reads what it missed from the group's
 * history. For each group the device follows, the {@link DeviceCursor} holds the last seq
 * delivered: an event that continues it is delivered at once, a repeat is dropped, and one beyond
 * a gap waits while the gap is filled from history (AFTER the last seq, page by page until the
 * server has no more). A gap left by live delivery is filled only after {@code gapRepairMs}, since
 * a concurrent sender's message may merely be late; one left by an entry of the stream at once.
 *
 * <p>The device follows a group from the event of the user joining it (CREATED or MEMBERS_ADDED
 * listing the user, also an entry of the user's stream) with that event's seq, and stops at the
 * event of the user leaving or being removed (also in the stream), after delivering it. Events of
 * a group it does not follow wait, a few of them, for such a join; those before the join were not
 * visible to the user and are dropped. Events at or below the seq the user left at are dropped.
 *
 * <p>Per connection, live events are held until the stream has caught up (the stream says which
 * groups the user is in); then the conversation list is read, and each group that moved on while
 * the device was away is filled from history. {@link #streamSynced} reports the end of that.
 * Version-0 events are never acknowledged to the server and never touch the stream's version.
 *
 * <p>The order itself (what is delivered, what waits, what is dropped) is {@link GroupOrdering}'s,
 * and the catch-up from the conversation list {@link GroupCatchUp}'s. This class holds the live
 * events while the stream catches up and fills the gaps: when, with the repair delay, and how,
 * reading history page by page with retries.
 *
 * <p>Confined to the delivery thread, like {@link SyncSession}: answers of the server and timers
 * are posted back to it, and each connection has its own epoch.
 */
final class GroupSync {

    /** Live events held while the stream catches up; beyond it they are dropped (history has them). */
    static final int MAX_HELD = 10_000;

    private static final @NotNull Logger LOG = Logger.getLogger(GroupSync.class.getName());

    private final @NotNull SyncServer server;
    private final @NotNull DeviceCursor cursor;
    private final @NotNull Timers timers;
    private final @NotNull Executor thread;
    private final @NotNull Backoff retries;
    private final long gapRepairMs;
    private final @NotNull GroupOrdering ordering;
    private final @NotNull Deque<ChatMessage> held = new ArrayDeque<>();
    private boolean holding = true;
    private long epoch;

    /**
     * @param userId the user this device belongs to: their joins and departures start and stop following
     * @param timers must run due tasks on {@code thread}
     * @param thread the delivery thread
     */
    GroupSync(final @NotNull String userId, final @NotNull SyncServer server, final @NotNull DeviceCursor cursor,
              final @NotNull Consumer<ChatMessage> sink, final @NotNull Timers timers, final @NotNull Executor thread,
              final @NotNull Backoff retries, final long gapRepairMs) {
        this.server = server;
        this.cursor = cursor;
        this.timers = timers;
        this.thread = thread;
        this.retries = retries;
        this.gapRepairMs = gapRepairMs;
        this.ordering = new GroupOrdering(userId, cursor, sink, this::settle);
    }

    /** A connection is established: live events wait until the stream has caught up. */
    void connected() {
        epoch++;
        holding = true;
        abandonFills();
    }

    /** The connection ended: fills and catching up stop; waiting events are kept for the next connection. */
    void disconnected() {
        epoch++;
        holding = true;
        abandonFills();
    }

    /** A live group event (a sync event with version 0). */
    void onLive(final @NotNull Message message) {
        final ChatMessage event = WireCodec.toChatMessage(message, 0);
        if (holding) {
            if (held.size() < MAX_HELD) {
                held.add(event);
            } else {
                LOG.fine(() -> "too many live group events while catching up; dropping "
                        + event.conversationId() + " #" + event.seq());
            }
            return;
        }
        ordering.offer(event, false);
        cursor.save();
    }

    /**
     * A group event that is an entry of the user's stream (the user joining or leaving a group),
     * in version order. The caller advances the version and saves.
     */
    void onStreamEvent(final @NotNull Message message, final long version) {
        ordering.offer(WireCodec.toChatMessage(message, version), true);
    }

    /**
     * The stream has caught up on this connection: deliver the live events held meanwhile, then
     * read the conversation list and fill each group that moved on from history.
     *
     * @param done runs on the delivery thread when the groups have caught up; never when the
     *             connection ends first
     */
    void streamSynced(final @NotNull Runnable done) {
        holding = false;
        while (!held.isEmpty()) {
            ordering.offer(held.poll(), false);
        }
        cursor.save();
        final long session = epoch;
        GroupCatchUp.run(server, cursor, new CatchUpGroups(), timers, thread, retries, () -> session == epoch, done);
    }

    /**
     * After events were added or delivered: start or schedule the fill of a gap that remains, or
     * forget a group with nothing left to do.
     *
     * @param moved true when events were delivered: a gap that remains is a new one and gets the full delay
     */
    private void settle(final @NotNull GroupBacklog group, final boolean urgent, final boolean moved) {
        if (moved) {
            group.cancelGapTimer();
        }
        if (!cursor.isFollowing(group.id) || group.pending.isEmpty()) {
            group.cancelGapTimer();
            ordering.forgetIfIdle(group);
            return;
        }
        if (group.filling) {
            return;
        }
        if (urgent) {
            fill(group);
        } else if (group.gapTimer == null) {
            final long session = epoch;
            group.gapTimer = timers.schedule(gapRepairMs, () -> {
                group.gapTimer = null;
                if (session == epoch && !holding) {
                    LOG.fine(() -> "seqs after " + cursor.groupSeq(group.id) + " of " + group.id + " missing for "
                            + gapRepairMs + " ms; reading history");
                    fill(group);
                }
            });
        }
    }

    // ---- filling from history ----------------------------------------------------------------

    /** Reads the group's history after its position until the server has no more; no-op while a fill runs. */
    private void fill(final @NotNull GroupBacklog group) {
        if (group.filling || !cursor.isFollowing(group.id)) {
            return;
        }
        group.filling = true;
        group.cancelGapTimer();
        requestPage(group);
    }

    private void requestPage(final @NotNull GroupBacklog group) {
        final long session = epoch;
        server.history(group.id, HistoryQuery.after(cursor.groupSeq(group.id), HistoryQuery.MAX_LIMIT))
                .whenComplete((page, failure) -> post(session, () -> {
                    if (failure == null) {
                        filled(group, page);
                    } else {
                        fillFailed(group, Futures.unwrap(failure));
                    }
                }));
    }

    private void filled(final @NotNull GroupBacklog group, final @NotNull HistoryPage page) {
        group.failures = 0;
        if (!cursor.isFollowing(group.id)) {
            finishFill(group); // the user left meanwhile
            return;
        }
        if (ordering.addHistory(group, page)) {
            requestPage(group);
        } else {
            finishFill(group);
        }
    }

    private void fillFailed(final @NotNull GroupBacklog group, final @NotNull Throwable failure) {
        if (worthRetrying(failure)) {
            final long delay = retries.delayMs(group.failures++);
            LOG.log(Level.FINE, "reading the history of " + group.id + " failed; retrying in " + delay + " ms", failure);
            final long session = epoch;
            group.retryTimer = timers.schedule(delay, () -> {
                group.retryTimer = null;
                if (session == epoch && group.filling) {
                    requestPage(group);
                }
            });
            return;
        }
        LOG.info(() -> "cannot read the history of " + group.id + ": " + failure.getMessage()
                + "; delivering what arrived live over the gap");
        ordering.deliverOverGap(group, ((MissiveException) failure).code());
        finishFill(group);
    }

    private void finishFill(final @NotNull GroupBacklog group) {
        group.filling = false;
        final List<Runnable> waiting = new ArrayList<>(group.whenFilled);
        group.whenFilled.clear();
        settle(group, false, true);
        for (final Runnable then : waiting) {
            then.run();
        }
    }

    /** Stops fills and timers of an ended connection; events waiting for delivery stay. */
    private void abandonFills() {
        final Iterator<GroupBacklog> it = ordering.all().iterator();
        while (it.hasNext()) {
            final GroupBacklog group = it.next();
            group.cancelGapTimer();
            group.cancelRetryTimer();
            group.filling = false;
            group.failures = 0;
            group.whenFilled.clear();
            if (group.pending.isEmpty()) {
                it.remove();
            }
        }
    }

    /** @return true when a failed request of the group delivery is worth sending again later */
    static boolean worthRetrying(final @NotNull Throwable failure) {
        if (!(failure instanceof MissiveException)) {
            return true;
        }
        final MissiveException e = (MissiveException) failure;
        // UNSPECIFIED: a refusing PUBACK whose error reply was slow; the next attempt tells more
        return e.isRetryable() || e.code() == ErrorCode.UNSPECIFIED;
    }

    private void post(final long session, final @NotNull Runnable task) {
        try {
            thread.execute(() -> {
                if (session == epoch) {
                    task.run();
                }
            });
        } catch (final RejectedExecutionException e) {
            LOG.log(Level.FINE, "client closed; dropping a group answer", e);
        }
    }

    /** What the catch-up of one connection asks of the groups. */
    private final class CatchUpGroups implements GroupCatchUp.Groups {

        @Override
        public void followed(final @NotNull String conversationId) {
            final GroupBacklog group = ordering.get(conversationId);
            if (group != null) {
                settle(group, false, ordering.drain(group, 0) > 0);
            }
        }

        @Override
        public boolean hasWaiting(final @NotNull String conversationId) {
            final GroupBacklog group = ordering.get(conversationId);
            return group != null && !group.pending.isEmpty();
        }

        @Override
        public boolean fill(final @NotNull String conversationId, final @NotNull Runnable whenFilled) {
            final GroupBacklog group = ordering.getOrCreate(conversationId);
            GroupSync.this.fill(group);
            if (!group.filling) {
                return false;
            }
            group.whenFilled.add(whenFilled);
            return true;
        }

        @Override
        public void dropUnfollowed() {
            ordering.dropUnfollowed();
        }
    }
}
