package io.missive.broker.counters;

import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Users whose counters may be wrong (a write failed, or Redis lost them), rewritten from MongoDB once
 * Redis answers again. {@link #runRound()} (on a timer) pings first; then at most {@code parallel}
 * reconciliations run at once until no marked user is left. A failed reconciliation keeps its user for
 * the next round and starts no further one in this round. Never waits.
 */
final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** Users waiting for reconciliation, at most; beyond it the rest wait for their next read. */
    static final int MAX_MARKED = 100_000;

    private final int parallel;
    private final @NotNull Supplier<CompletableFuture<Void>> ping;
    private final @NotNull Function<String, CompletableFuture<?>> reconcile;
    // all guarded by this
    private final @NotNull Set<String> marked = new LinkedHashSet<>();
    private int running;
    /** A round is on: its ping was sent, or reconciliations of it run. */
    private boolean round;
    /** A reconciliation of this round failed: no further one starts in it. */
    private boolean failed;
    /** A thread starts reconciliations now; {@link #again} asks it to look once more. */
    private boolean pumping;
    private boolean again;

    Reconciler(final int parallel, final @NotNull Supplier<CompletableFuture<Void>> ping,
               final @NotNull Function<String, CompletableFuture<?>> reconcile) {
        this.parallel = parallel;
        this.ping = ping;
        this.reconcile = reconcile;
    }

    /** Marks users for reconciliation. */
    synchronized void mark(final @NotNull Collection<String> users) {
        for (final String user : users) {
            if (marked.size() >= MAX_MARKED) {
                LOG.warn("More than {} users' counters await reconciliation; the others are reconciled when "
                        + "next read", MAX_MARKED);
                return;
            }
            marked.add(user);
        }
    }

    /** Users marked or being reconciled. */
    synchronized int pending() {
        return marked.size() + running;
    }

    /** Reconciliations running now (at most {@code parallel}). */
    synchronized int running() {
        return running;
    }

    /** Starts a round unless one is on or nobody is marked. */
    void runRound() {
        synchronized (this) {
            if (round || marked.isEmpty()) {
                return;
            }
            round = true;
            failed = false;
        }
        ping.get().whenComplete((up, down) -> {
            if (down != null) {
                synchronized (this) {
                    round = false;
                }
                return;
            }
            pump();
        });
    }

    /** Starts reconciliations up to the limit; ends the round when nothing runs and nothing more may start. */
    private void pump() {
        synchronized (this) {
            if (pumping) {
                again = true;
                return;
            }
            pumping = true;
        }
        while (true) {
            final List<String> users = new ArrayList<>();
            synchronized (this) {
                again = false;
                final Iterator<String> next = marked.iterator();
                while (!failed && running < parallel && next.hasNext()) {
                    users.add(next.next());
                    next.remove();
                    running++;
                }
                if (users.isEmpty()) {
                    if (running == 0) {
                        round = false;
                    }
                    pumping = false;
                    return;
                }
            }
            users.forEach(this::reconcileOne);
            synchronized (this) {
                // a reconciliation that completed meanwhile (even inline) asked for another look
                if (!again) {
                    pumping = false;
                    return;
                }
            }
        }
    }

    private void reconcileOne(final @NotNull String user) {
        CompletableFuture<?> done;
        try {
            done = reconcile.apply(user);
        } catch (final RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((total, error) -> {
            synchronized (this) {
                running--;
                if (error != null) {
                    // Redis or MongoDB failed meanwhile: keep the user for the next round
                    failed = true;
                    marked.add(user);
                }
            }
            pump();
        });
    }
}
