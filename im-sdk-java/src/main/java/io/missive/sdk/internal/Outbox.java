package io.missive.sdk.internal;

import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.SendReceipt;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends that wait for the server's acknowledgement. A send made while disconnected, or cut off by
 * a lost connection, or answered with a retryable error, stays here and is transmitted again with
 * the same client message id (the server stores it once), always in the original order: on the
 * next connection, or while connected in a retry round after a backoff (one round resends every
 * send that failed meanwhile). Only a non-retryable error, cancellation or closing ends a send
 * without a receipt. Bounded: beyond {@code capacity} waiting sends, a send fails at once.
 *
 * <p>{@link #send} may be called on any thread; everything else runs on {@code executor} (the
 * callback thread), which also owns the queue.
 */
final class Outbox {

    /** Transmits one message; the future fails with a MissiveException. */
    interface Transmitter {

        @NotNull CompletableFuture<SendReceipt> transmit(@NotNull OutgoingMessage message);
    }

    private final @NotNull Transmitter transmitter;
    private final @NotNull Executor executor;
    private final @NotNull Timers timers;
    private final @NotNull Backoff retries;
    private final int capacity;
    private final @NotNull AtomicInteger reserved = new AtomicInteger();
    private volatile boolean closed;
    /** By client message id, in the order of sending. */
    private final @NotNull Map<String, Entry> entries = new LinkedHashMap<>();
    private boolean connected;
    private long epoch;
    private @Nullable Timers.Timer retryRound;
    /** Retry rounds since the last receipt: the backoff grows with them. */
    private int failedRounds;

    /** @param timers must run due tasks on {@code executor} */
    Outbox(final @NotNull Transmitter transmitter, final @NotNull Executor executor, final @NotNull Timers timers,
           final @NotNull Backoff retries, final int capacity) {
        this.transmitter = transmitter;
        this.executor = executor;
        this.timers = timers;
        this.retries = retries;
        this.capacity = capacity;
    }

    @NotNull CompletableFuture<SendReceipt> send(final @NotNull OutgoingMessage message) {
        final Entry entry = new Entry(message);
        if (closed) {
            return Futures.failed(closedError(message));
        }
        if (reserved.incrementAndGet() > capacity) {
            reserved.decrementAndGet();
            return Futures.failed(new MissiveException(ErrorCode.QUOTA_EXCEEDED,
                    "outbox full: " + capacity + " sends are waiting", message.clientMsgId(), -1, null));
        }
        entry.result.whenComplete((receipt, failure) -> {
            if (entry.result.isCancelled()) {
                run(() -> finish(entry));
            }
        });
        try {
            executor.execute(() -> enqueue(entry));
        } catch (final RejectedExecutionException e) {
            reserved.decrementAndGet();
            entry.result.completeExceptionally(closedError(message));
        }
        return entry.result;
    }

    /** A connection is established: everything waiting goes out, in the original order. */
    void connected() {
        connected = true;
        epoch++;
        failedRounds = 0;
        transmitWaiting();
    }

    /** The connection ended: sends in flight come back as retryable failures and wait for the next one. */
    void disconnected() {
        connected = false;
        cancelRetryRound();
    }

    /** Fails every waiting send; later sends fail at once. May be called on any thread. */
    void close() {
        closed = true;
        run(() -> {
            for (final Entry entry : new ArrayList<>(entries.values())) {
                finish(entry);
                entry.result.completeExceptionally(closedError(entry.message));
            }
        });
    }

    /** @return how many sends wait for their acknowledgement */
    int size() {
        return reserved.get();
    }

    private void enqueue(final @NotNull Entry entry) {
        if (closed || entry.result.isDone()) {
            reserved.decrementAndGet();
            entry.result.completeExceptionally(closedError(entry.message));
            return;
        }
        final Entry earlier = entries.get(entry.message.clientMsgId());
        if (earlier != null) {
            // the same message again while the first is still on its way: one answer serves both
            reserved.decrementAndGet();
            earlier.result.whenComplete((receipt, failure) -> {
                if (failure != null) {
                    entry.result.completeExceptionally(Futures.unwrap(failure));
                } else {
                    entry.result.complete(receipt);
                }
            });
            return;
        }
        entries.put(entry.message.clientMsgId(), entry);
        // while a retry round is pending, a new send waits for it: it must not overtake the ones waiting
        if (connected && retryRound == null) {
            transmit(entry);
        }
    }

    /** Transmits every send that is not on its way, in the original order. */
    private void transmitWaiting() {
        cancelRetryRound();
        for (final Entry entry : new ArrayList<>(entries.values())) {
            if (!entry.inFlight) {
                transmit(entry);
            }
        }
    }

    private void transmit(final @NotNull Entry entry) {
        entry.inFlight = true;
        entry.epoch = epoch;
        CompletableFuture<SendReceipt> attempt;
        try {
            attempt = transmitter.transmit(entry.message);
        } catch (final RuntimeException e) {
            attempt = Futures.failed(e);
        }
        attempt.whenComplete((receipt, failure) -> run(() -> settle(entry, receipt, failure)));
    }

    private void settle(final @NotNull Entry entry, final @Nullable SendReceipt receipt,
                        final @Nullable Throwable failure) {
        if (entries.get(entry.message.clientMsgId()) != entry) {
            return; // cancelled or closed meanwhile
        }
        entry.inFlight = false;
        if (failure == null) {
            failedRounds = 0;
            finish(entry);
            entry.result.complete(receipt);
            return;
        }
        final Throwable cause = Futures.unwrap(failure);
        if (!(cause instanceof MissiveException) || !((MissiveException) cause).isRetryable()) {
            finish(entry);
            entry.result.completeExceptionally(cause);
            return;
        }
        if (!connected) {
            return; // goes out with the next connection
        }
        if (entry.epoch != epoch) {
            transmit(entry); // it failed with an earlier connection, after this one was established
            return;
        }
        if (retryRound == null) {
            // a busy server says how long to wait at least
            final long delayMs = Math.max(retries.delayMs(failedRounds),
                    ((MissiveException) cause).retryAfter().map(Duration::toMillis).orElse(0L));
            retryRound = timers.schedule(delayMs, () -> {
                retryRound = null;
                failedRounds++;
                if (connected) {
                    transmitWaiting();
                }
            });
        }
    }

    private void cancelRetryRound() {
        if (retryRound != null) {
            retryRound.cancel();
            retryRound = null;
        }
    }

    private void finish(final @NotNull Entry entry) {
        if (entries.remove(entry.message.clientMsgId(), entry)) {
            reserved.decrementAndGet();
        }
    }

    private void run(final @NotNull Runnable task) {
        try {
            executor.execute(task);
        } catch (final RejectedExecutionException e) {
            task.run();
        }
    }

    private static @NotNull MissiveException closedError(final @NotNull OutgoingMessage message) {
        return new MissiveException(ErrorCode.NOT_CONNECTED, "client is closed", message.clientMsgId(), -1, null);
    }

    private static final class Entry {

        private final @NotNull OutgoingMessage message;
        private final @NotNull CompletableFuture<SendReceipt> result = new CompletableFuture<>();
        private boolean inFlight;
        private long epoch;

        private Entry(final @NotNull OutgoingMessage message) {
            this.message = message;
        }
    }
}
