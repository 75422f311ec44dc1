package io.missive.sdk.internal;

import io.missive.sdk.ConversationPage;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.ConversationType;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection's catch-up of its groups, after the stream has caught up: page through the
 * conversation list; follow the groups the device did not know (from the user's joined seq, or the
 * highest seq it saw); fill every group whose latest seq is beyond the device's position, every
 * followed group with events waiting behind a gap, and every followed group the list does not show
 * (the user was probably removed while away: its history up to the removal says so). At most
 * {@link #PARALLEL_FILLS} groups are filled at the same time.
 *
 * <p>Runs on the delivery thread: the answers of the server and the timers are posted back to it,
 * and the catch-up stops when the connection it belongs to has ended.
 */
final class GroupCatchUp {

    static final int CONVERSATION_PAGE_LIMIT = ConversationPage.MAX_LIMIT;
    /** How many groups are filled from history at the same time when catching up. */
    static final int PARALLEL_FILLS = 4;

    /** Group delivery logs under one name. */
    private static final @NotNull Logger LOG = Logger.getLogger(GroupSync.class.getName());

    /** The group delivery the catch-up is for; called on the delivery thread. */
    interface Groups {

        /** The device follows the group from now on: deliver what waited for the user's join. */
        void followed(@NotNull String conversationId);

        /** @return true when events of the group wait behind a gap */
        boolean hasWaiting(@NotNull String conversationId);

        /**
         * Fills the group from history after the device's position.
         *
         * @param whenFilled runs when the fill ends, unless this returns false
         * @return false when no fill runs (anymore)
         */
        boolean fill(@NotNull String conversationId, @NotNull Runnable whenFilled);

        /** Drops the waiting events of the groups the device does not follow. */
        void dropUnfollowed();
    }

    private final @NotNull SyncServer server;
    private final @NotNull DeviceCursor cursor;
    private final @NotNull Groups groups;
    private final @NotNull Timers timers;
    private final @NotNull Executor thread;
    private final @NotNull Backoff retries;
    private final @NotNull BooleanSupplier current;
    private final @NotNull Runnable done;
    private final @NotNull Set<String> listed = new HashSet<>();
    private final @NotNull Deque<String> toFill = new ArrayDeque<>();
    private int running;
    private int failures;
    private boolean finished;

    private GroupCatchUp(final @NotNull SyncServer server, final @NotNull DeviceCursor cursor,
                         final @NotNull Groups groups, final @NotNull Timers timers, final @NotNull Executor thread,
                         final @NotNull Backoff retries, final @NotNull BooleanSupplier current,
                         final @NotNull Runnable done) {
        this.server = server;
        this.cursor = cursor;
        this.groups = groups;
        this.timers = timers;
        this.thread = thread;
        this.retries = retries;
        this.current = current;
        this.done = done;
    }

    /**
     * Starts the catch-up; call on the delivery thread.
     *
     * @param timers  must run due tasks on {@code thread}
     * @param thread  the delivery thread
     * @param current false once the connection the catch-up belongs to has ended; it then stops
     * @param done    runs on the delivery thread when the groups have caught up; never when the
     *                connection ends first
     */
    static void run(final @NotNull SyncServer server, final @NotNull DeviceCursor cursor, final @NotNull Groups groups,
                    final @NotNull Timers timers, final @NotNull Executor thread, final @NotNull Backoff retries,
                    final @NotNull BooleanSupplier current, final @NotNull Runnable done) {
        new GroupCatchUp(server, cursor, groups, timers, thread, retries, current, done).page("");
    }

    private void page(final @NotNull String pageCursor) {
        server.conversations(pageCursor, CONVERSATION_PAGE_LIMIT).whenComplete((page, failure) -> post(() -> {
            if (failure == null) {
                received(page);
            } else {
                failed(pageCursor, Futures.unwrap(failure));
            }
        }));
    }

    private void received(final @NotNull ConversationPage page) {
        failures = 0;
        for (final ConversationSummary summary : page.conversations()) {
            if (summary.type() == ConversationType.GROUP) {
                consider(summary);
            }
        }
        cursor.save();
        if (page.hasMore()) {
            page(page.nextCursor());
            return;
        }
        for (final String id : cursor.followedGroups()) {
            final boolean waiting = groups.hasWaiting(id);
            if ((!listed.contains(id) || waiting) && !toFill.contains(id)) {
                toFill.add(id); // not listed: probably removed while away; waiting: a gap from before
            }
        }
        fillNext();
    }

    private void consider(final @NotNull ConversationSummary summary) {
        final String id = summary.conversationId();
        if (!listed.add(id)) {
            return;
        }
        if (!cursor.isFollowing(id)) {
            final long left = cursor.leftAt(id);
            if (left > 0 && left >= summary.joinedSeq()) {
                return; // the list was read before the user left
            }
            // the event that let the user in is theirs to see: follow from just before it, so
            // that reading the history delivers it (its stream entry may still be on its way)
            cursor.follow(id, Math.max(summary.joinedSeq() - 1, cursor.highestSeq(id)));
            groups.followed(id);
        }
        if (summary.latestSeq() > cursor.groupSeq(id)) {
            toFill.add(id);
        }
    }

    private void fillNext() {
        while (running < PARALLEL_FILLS && !toFill.isEmpty()) {
            final String id = toFill.poll();
            if (!cursor.isFollowing(id)) {
                continue;
            }
            if (groups.fill(id, () -> {
                running--;
                fillNext();
            })) {
                running++;
            }
        }
        if (running == 0 && toFill.isEmpty()) {
            finish();
        }
    }

    private void failed(final @NotNull String pageCursor, final @NotNull Throwable failure) {
        if (failure instanceof MissiveException
                && ((MissiveException) failure).code() == ErrorCode.UNKNOWN_REQUEST) {
            LOG.info("the server has no conversation list; groups are caught up by live events only");
            finish();
        } else if (GroupSync.worthRetrying(failure)) {
            final long delay = retries.delayMs(failures++);
            LOG.log(Level.FINE, "reading the conversation list failed; retrying in " + delay + " ms", failure);
            timers.schedule(delay, () -> {
                if (current.getAsBoolean()) {
                    page(pageCursor);
                }
            });
        } else {
            LOG.log(Level.WARNING, "reading the conversation list failed; groups are not caught up", failure);
            finish();
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        // events of groups the user is not in (as of the list) wait for nothing any more
        groups.dropUnfollowed();
        cursor.save();
        done.run();
    }

    private void post(final @NotNull Runnable task) {
        try {
            thread.execute(() -> {
                if (current.getAsBoolean()) {
                    task.run();
                }
            });
        } catch (final RejectedExecutionException e) {
            LOG.log(Level.FINE, "client closed; dropping a group answer", e);
        }
    }
}
