package io.missive.broker.messaging;

import io.missive.broker.store.Workers;
import io.missive.storage.MongoStores;
import io.missive.storage.message.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The sends and group events under way on this server, from their arrival until their fan-out is
 * done, and the checkpoint that follows them: every {@value #RECORD_EVERY_MS} ms this server
 * records (one small write) that every message it stored before its oldest unfinished one is in
 * every recipient's stream. After a crash, {@link FanoutRecovery} re-runs the fan-out of what was
 * stored since (idempotent). This replaces a "fanned out" mark written on every message.
 *
 * <p>A fan-out that fails (the store is unreachable) is retried here with a growing pause until it
 * succeeds, and holds the checkpoint back meanwhile; so does a send whose insert had an unknown
 * outcome, until a lookup tells whether it was stored (then it is fanned out) or not.
 */
@Singleton
public final class FanoutTracker {

    private static final Logger LOG = LoggerFactory.getLogger(FanoutTracker.class);
    static final long RECORD_EVERY_MS = 1_000;
    private static final long FIRST_RETRY_MS = 2_000;
    private static final long MAX_RETRY_MS = 30_000;

    private final @NotNull MongoStores stores;
    private final @NotNull Workers workers;
    /** This server's key for its checkpoint: new at every start. */
    private final @NotNull String node = UUID.randomUUID().toString();
    /** Arrival time (ms) → how many unfinished fan-outs arrived then. Guarded by itself. */
    private final @NotNull TreeMap<Long, Integer> open = new TreeMap<>();

    @Inject
    public FanoutTracker(final @NotNull MongoStores stores, final @NotNull Workers workers) {
        this.stores = stores;
        this.workers = workers;
    }

    /** This server's checkpoint key. */
    public @NotNull String node() {
        return node;
    }

    /** A send or group event arrived: until {@link #end}, the checkpoint stays before it. */
    public long begin() {
        final long ticket = System.currentTimeMillis();
        synchronized (open) {
            open.merge(ticket, 1, Integer::sum);
        }
        return ticket;
    }

    /** Its fan-out is done, or it was refused before anything was stored. */
    public void end(final long ticket) {
        synchronized (open) {
            open.computeIfPresent(ticket, (at, count) -> count == 1 ? null : count - 1);
        }
    }

    /** Every message this server stored before this time is fanned out. */
    public long safeBeforeMs() {
        final long now = System.currentTimeMillis();
        synchronized (open) {
            return open.isEmpty() ? now : Math.min(now, open.firstKey());
        }
    }

    /** Whether the fan-out of this stored message may not have finished (a resend then re-runs it). */
    public boolean mayBeUnfinished(final @NotNull StoredMessage message) {
        // ids and server times are taken when a message is numbered, after its arrival
        return message.serverTimeMs() >= safeBeforeMs();
    }

    /**
     * Runs {@code attempt} again after a pause, growing up to {@value #MAX_RETRY_MS} ms, until it
     * succeeds; then ends the ticket.
     */
    public void retry(final long ticket, final @NotNull String what,
                      final @NotNull Supplier<CompletableFuture<Void>> attempt) {
        schedule(ticket, what, attempt, FIRST_RETRY_MS);
    }

    private void schedule(final long ticket, final @NotNull String what,
                          final @NotNull Supplier<CompletableFuture<Void>> attempt, final long delayMs) {
        workers.timer().schedule(() -> {
            CompletableFuture<Void> run;
            try {
                run = attempt.get();
            } catch (final RuntimeException e) {
                run = CompletableFuture.failedFuture(e);
            }
            run.whenComplete((ok, error) -> {
                if (error == null) {
                    end(ticket);
                } else {
                    LOG.warn("{} failed again, retried in {} ms: {}", what, delayMs, error.toString());
                    schedule(ticket, what, attempt, Math.min(MAX_RETRY_MS, delayMs * 2));
                }
            });
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /** Records the checkpoint now, then every {@value #RECORD_EVERY_MS} ms; completes with the first write. */
    public @NotNull CompletableFuture<Void> start() {
        final CompletableFuture<Void> first = record();
        workers.repeat(RECORD_EVERY_MS, this::record,
                error -> LOG.debug("Fan-out checkpoint not recorded: {}", error.toString()));
        return first;
    }

    /**
     * At a clean stop: with nothing unfinished, this server's checkpoint is removed (there is
     * nothing to recover); otherwise it is recorded where it stands.
     */
    public @NotNull CompletableFuture<Void> stop() {
        final boolean idle;
        synchronized (open) {
            idle = open.isEmpty();
        }
        return idle ? stores.fanoutCheckpoints().remove(List.of(node)) : record();
    }

    private @NotNull CompletableFuture<Void> record() {
        return stores.fanoutCheckpoints().record(node, safeBeforeMs());
    }

}
