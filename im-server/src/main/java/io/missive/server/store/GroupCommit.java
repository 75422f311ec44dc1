package io.missive.server.store;

import org.h2.mvstore.MVStore;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Consumer;

/**
 * Commits the embedded store's MVStore on one thread, for every reply waiting at that moment (group
 * commit), and tells the replies when they may go out.
 *
 * <p>Commits are numbered 1, 2, ... in the order they start; they run one at a time. A command that
 * finished while commit {@code n} was running (or before any was running, {@code n} being the last
 * started) gets the ticket {@code n + 1}: the first commit that starts after its changes were made,
 * hence includes them. Its reply leaves once that commit has completed ({@link #isDurable(long)},
 * {@link #whenDurable(long, Consumer)}). While commit {@code n} runs, the next commit collects every
 * ticket {@code n + 1} handed out meanwhile, so one commit answers many commands.
 *
 * <p>This thread is the only one that commits (the store is opened with auto-commit off, and no
 * background writer), so "no commit running and nothing unsaved" means everything visible is in the
 * file: a read that saw no pending write is answered at once ({@link #ticketForRead()}).
 *
 * <p>A failed commit (disk full, I/O error: MVStore then closes itself) fails every waiting and every
 * later ticket: their replies are never sent.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** A ticket that is always durable. */
    static final long NOTHING_TO_WAIT_FOR = 0;

    private final @NotNull MVStore store;
    private final @NotNull Durability durability;
    private final @NotNull ReadWriteLock writeGate;
    private final @NotNull Housekeeping housekeeping;
    private final @NotNull Object lock = new Object();
    private final @NotNull CommitWaiters waiters = new CommitWaiters();
    private final @NotNull Thread thread;

    // guarded by lock
    private long started;
    private long requested;
    private boolean running;
    /** Housekeeping commits rewritten pages, with whatever else is unsaved, outside the numbered commits. */
    private boolean housekeepingRunning;
    private boolean closing;
    private @Nullable Throwable failure;
    private long commitNanos;
    private long housekeepingNanos;
    private long readsThatWaited;
    // written under lock, read without
    private volatile long completed;

    /** Work on the file between commits (compaction), run on the commit thread. */
    @FunctionalInterface
    interface Housekeeping {
        /**
         * @param idle true when no commit was requested since the previous round
         */
        void run(boolean idle);

        @NotNull Housekeeping NONE = idle -> {
        };
    }

    /**
     * @param writeGate write commands hold its read lock while they change maps; a commit holds its write
     *                  lock, so that it never stores half of a command (the documents but not yet their
     *                  index entries: after a crash the unique indexes would contradict the data)
     */
    GroupCommit(final @NotNull MVStore store, final @NotNull Durability durability,
                final @NotNull ReadWriteLock writeGate, final @NotNull Housekeeping housekeeping,
                final long housekeepingIntervalMillis) {
        this.store = store;
        this.durability = durability;
        this.writeGate = writeGate;
        this.housekeeping = housekeeping;
        this.thread = new Thread(() -> loop(housekeepingIntervalMillis), "missive-store-commit");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The ticket of a command that may have changed data: the next commit to start. */
    long ticketForWrite() {
        synchronized (lock) {
            return requestNext();
        }
    }

    /**
     * The ticket of a command that only read: {@link #NOTHING_TO_WAIT_FOR} when everything it could see
     * is in the file, else the commit that will put it there (a concurrent write's changes may have been
     * visible to it).
     */
    long ticketForRead() {
        synchronized (lock) {
            if (housekeepingRunning || store.hasUnsavedChanges()) {
                readsThatWaited++;
                return requestNext();
            }
            if (running) {
                // commit number 'started' has collected everything there was
                readsThatWaited++;
                return started;
            }
            return NOTHING_TO_WAIT_FOR;
        }
    }

    private long requestNext() {
        final long ticket = started + 1;
        if (requested < ticket) {
            requested = ticket;
            lock.notifyAll();
        }
        return ticket;
    }

    /** True once the commit {@code ticket} has completed (false after a failure). */
    boolean isDurable(final long ticket) {
        return ticket <= completed;
    }

    /**
     * Calls {@code callback} (with null) once the commit {@code ticket} has completed, or with the
     * failure that prevents it. It runs on the commit thread or, when the answer is known already, on
     * the caller's: it must be quick and must not block.
     */
    void whenDurable(final long ticket, final @NotNull Consumer<@Nullable Throwable> callback) {
        final Throwable failed;
        synchronized (lock) {
            failed = failure;
            if (failed == null && ticket > completed) {
                waiters.add(ticket, callback);
                return;
            }
        }
        callback.accept(failed);
    }

    /** Held (read lock) by write commands while they run; see the constructor. */
    @NotNull ReadWriteLock writeGate() {
        return writeGate;
    }

    /** Commits completed so far. */
    long commits() {
        return completed;
    }

    /** Time spent committing (including fsync), in nanoseconds. */
    long commitNanos() {
        synchronized (lock) {
            return commitNanos;
        }
    }

    /** Read commands that got a ticket to wait for (a write they may have seen was not committed yet). */
    long readsThatWaited() {
        synchronized (lock) {
            return readsThatWaited;
        }
    }

    /** Time spent in housekeeping, in nanoseconds. */
    long housekeepingNanos() {
        synchronized (lock) {
            return housekeepingNanos;
        }
    }

    /** Commits whatever was requested, then stops the thread; later tickets fail. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop(final long housekeepingIntervalMillis) {
        final long interval = TimeUnit.MILLISECONDS.toNanos(housekeepingIntervalMillis);
        long lastHousekeeping = System.nanoTime();
        long requestedAtLastHousekeeping = 0;
        while (true) {
            final long commit;
            final boolean housekeepingDue;
            final boolean idle;
            final List<CommitWaiters.Waiter> abandoned = new ArrayList<>();
            final Throwable cause;
            synchronized (lock) {
                long now = System.nanoTime();
                while (requested <= completed && !closing && failure == null && now - lastHousekeeping < interval) {
                    try {
                        lock.wait(TimeUnit.NANOSECONDS.toMillis(interval - (now - lastHousekeeping)) + 1);
                    } catch (final InterruptedException e) {
                        // only close() ends this thread
                    }
                    now = System.nanoTime();
                }
                if (failure != null || (closing && requested <= completed)) {
                    if (failure == null) {
                        failure = new IllegalStateException("the embedded store is closed");
                    }
                    cause = failure;
                    abandoned.addAll(waiters.takeAll());
                    commit = -1;
                    housekeepingDue = false;
                    idle = false;
                } else {
                    cause = null;
                    // also under continuous load, so that the file keeps its shape
                    housekeepingDue = !closing && now - lastHousekeeping >= interval;
                    idle = requested == requestedAtLastHousekeeping;
                    running = true;
                    commit = ++started;
                }
            }
            if (cause != null) {
                CommitWaiters.release(abandoned, cause);
                return;
            }
            final long begin = System.nanoTime();
            final Throwable error = commitFile();
            final long committed = System.nanoTime();
            final List<CommitWaiters.Waiter> ready;
            synchronized (lock) {
                commitNanos += committed - begin;
                if (error == null) {
                    completed = commit;
                    ready = waiters.takeThrough(commit);
                } else {
                    LOG.error("The embedded store could not commit; no further write is acknowledged", error);
                    failure = error;
                    ready = waiters.takeAll();
                }
                housekeepingRunning = housekeepingDue && error == null;
                running = housekeepingRunning;
            }
            CommitWaiters.release(ready, error);
            if (housekeepingRunning) {
                try {
                    housekeeping.run(idle);
                    if (durability == Durability.FSYNC) {
                        // before a later commit reuses the space of chunks that housekeeping emptied
                        store.sync();
                    }
                } catch (final Throwable e) {
                    LOG.warn("Housekeeping of the embedded store failed: {}", e.toString());
                }
                final long end = System.nanoTime();
                synchronized (lock) {
                    housekeepingNanos += end - committed;
                    housekeepingRunning = false;
                    running = false;
                    requestedAtLastHousekeeping = requested;
                }
                lastHousekeeping = end;
            }
        }
    }

    /** One commit of everything unsaved (and fsync when asked); the failure, or null. */
    private @Nullable Throwable commitFile() {
        try {
            writeGate.writeLock().lock();
            try {
                store.commit();
            } finally {
                writeGate.writeLock().unlock();
            }
            if (durability == Durability.FSYNC) {
                store.sync();
            }
            if (store.isClosed()) {
                // closed underneath (a commit on a closed store does nothing, silently)
                throw new IllegalStateException("the store file is closed", store.getPanicException());
            }
            return null;
        } catch (final Throwable e) {
            return e;
        }
    }
}
