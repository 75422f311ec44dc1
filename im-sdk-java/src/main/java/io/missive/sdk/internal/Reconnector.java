package io.missive.sdk.internal;

import io.missive.sdk.ConnectResult;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveConnectException;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Re-establishes a lost connection: attempt n waits {@link Backoff#delayMs(int)}, and attempts go on
 * until one succeeds, the application disconnects or closes, or the server refuses for good (bad or
 * revoked credentials), which is reported and ends the attempts. Only connections the application
 * once established are restored; a failing first connect is the application's to handle.
 * Thread-safe.
 */
final class Reconnector {

    private static final @NotNull Logger LOG = Logger.getLogger(Reconnector.class.getName());

    /** The connection being kept up. */
    interface Target {

        @NotNull CompletableFuture<ConnectResult> reconnect();

        boolean isConnected();
    }

    private final @NotNull Target target;
    private final @NotNull Backoff backoff;
    private final @NotNull Timers timers;
    private final boolean enabled;
    private final @NotNull Consumer<MissiveConnectException> refused;
    private boolean wanted;
    private int attempts;
    private @Nullable Timers.Timer pending;

    Reconnector(final @NotNull Target target, final @NotNull Backoff backoff, final @NotNull Timers timers,
                final boolean enabled, final @NotNull Consumer<MissiveConnectException> refused) {
        this.target = target;
        this.backoff = backoff;
        this.timers = timers;
        this.enabled = enabled;
        this.refused = refused;
    }

    /** The application connected: keep the connection up from now on. */
    synchronized void start() {
        wanted = true;
        attempts = 0;
    }

    /** The application disconnected or closed: no more attempts. */
    synchronized void stop() {
        wanted = false;
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    synchronized void connectionLost() {
        if (enabled && wanted && pending == null) {
            schedule();
        }
    }

    private void schedule() {
        final long delay = backoff.delayMs(attempts++);
        LOG.info(() -> "reconnecting in " + delay + " ms (attempt " + attempts + ")");
        pending = timers.schedule(delay, this::attempt);
    }

    private void attempt() {
        synchronized (this) {
            pending = null;
            if (!wanted) {
                return;
            }
        }
        if (target.isConnected()) {
            return;
        }
        CompletableFuture<ConnectResult> result;
        try {
            result = target.reconnect();
        } catch (final RuntimeException e) {
            result = Futures.failed(e);
        }
        result.whenComplete((connected, failure) -> settle(failure == null ? null : Futures.unwrap(failure)));
    }

    private synchronized void settle(final @Nullable Throwable failure) {
        if (failure == null) {
            attempts = 0;
            LOG.info("reconnected");
            return;
        }
        if (!wanted) {
            return;
        }
        if (failure instanceof MissiveConnectException && isFinal((MissiveConnectException) failure)) {
            LOG.log(Level.WARNING, "the server refused to reconnect; giving up", failure);
            wanted = false;
            refused.accept((MissiveConnectException) failure);
            return;
        }
        LOG.log(Level.FINE, "reconnect attempt failed", failure);
        if (pending == null) {
            schedule();
        }
    }

    /** @return true for refusals that repeating cannot fix */
    private static boolean isFinal(final @NotNull MissiveException failure) {
        final ErrorCode code = failure.code();
        return code == ErrorCode.BAD_CREDENTIALS || code == ErrorCode.NOT_AUTHORIZED
                || code == ErrorCode.INVALID_ARGUMENT;
    }
}
