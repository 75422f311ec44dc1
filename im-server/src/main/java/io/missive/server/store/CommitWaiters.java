package io.missive.server.store;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The replies waiting for a commit, by ticket. Not thread-safe: {@link GroupCommit} guards it with
 * its lock and calls the callbacks ({@link #release}) outside that lock.
 */
final class CommitWaiters {

    private static final Logger LOG = LoggerFactory.getLogger(CommitWaiters.class);

    private final @NotNull PriorityQueue<Waiter> queue = new PriorityQueue<>();

    void add(final long ticket, final @NotNull Consumer<@Nullable Throwable> callback) {
        queue.add(new Waiter(ticket, callback));
    }

    /** Removes and returns the waiters whose ticket the completed commit covers. */
    @NotNull List<Waiter> takeThrough(final long commit) {
        final List<Waiter> ready = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().ticket <= commit) {
            ready.add(queue.poll());
        }
        return ready;
    }

    /** Removes and returns every waiter (the store failed or closed). */
    @NotNull List<Waiter> takeAll() {
        final List<Waiter> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }

    /** Calls the callbacks: null when durable, else the failure. */
    static void release(final @NotNull List<Waiter> ready, final @Nullable Throwable error) {
        for (final Waiter waiter : ready) {
            try {
                waiter.callback.accept(error);
            } catch (final RuntimeException e) {
                LOG.warn("A reply could not be released: {}", e.toString());
            }
        }
    }

    static final class Waiter implements Comparable<Waiter> {
        private final long ticket;
        private final @NotNull Consumer<@Nullable Throwable> callback;

        private Waiter(final long ticket, final @NotNull Consumer<@Nullable Throwable> callback) {
            this.ticket = ticket;
            this.callback = callback;
        }

        @Override
        public int compareTo(final @NotNull Waiter other) {
            return Long.compare(ticket, other.ticket);
        }
    }
}
