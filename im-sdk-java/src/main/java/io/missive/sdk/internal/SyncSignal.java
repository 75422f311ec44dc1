package io.missive.sdk.internal;

import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The future behind {@code whenSynced()}: completed when the current connection has caught up,
 * replaced by a fresh one when that connection ends. {@link #synced()} and {@link #reset()} are
 * called in delivery order, so a late "synced" of an ended connection never completes the future
 * meant for the next one. Futures complete on the callback executor. Thread-safe.
 */
final class SyncSignal {

    private final @NotNull Executor callbacks;
    private @NotNull CompletableFuture<Void> current = new CompletableFuture<>();
    private boolean signalled;
    private @Nullable MissiveException closed;

    SyncSignal(final @NotNull Executor callbacks) {
        this.callbacks = callbacks;
    }

    /** @return a future for the current connection's catch-up (or the next connection's) */
    synchronized @NotNull CompletableFuture<Void> next() {
        return Futures.copy(current);
    }

    void synced() {
        final CompletableFuture<Void> future;
        synchronized (this) {
            if (signalled || closed != null) {
                return;
            }
            signalled = true;
            future = current;
        }
        complete(() -> future.complete(null));
    }

    synchronized void reset() {
        if (signalled && closed == null) {
            current = new CompletableFuture<>();
            signalled = false;
        }
    }

    void close(final @NotNull MissiveException cause) {
        final CompletableFuture<Void> future;
        synchronized (this) {
            if (closed != null) {
                return;
            }
            closed = cause;
            future = current;
            if (signalled) {
                current = Futures.failed(cause);
            }
        }
        complete(() -> future.completeExceptionally(cause));
    }

    private void complete(final @NotNull Runnable completion) {
        try {
            callbacks.execute(completion);
        } catch (final RejectedExecutionException e) {
            completion.run();
        }
    }
}
