package io.missive.broker.messaging;

import io.missive.broker.metrics.Metrics;
import io.missive.broker.request.RequestException;
import io.missive.broker.store.StoreLag;
import io.missive.storage.MongoStores;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

/**
 * Refuses new sends early and clearly while the store falls behind, instead of queueing them
 * without end: when the latest appends waited more than {@value #MAX_LAG_MS} ms for their insert
 * ({@link StoreLag}), or more than {@value #MAX_PENDING} messages and sync-stream entries wait, a
 * send is answered {@code BUSY} with a retry-after (PUBACK 0x97), nothing is stored, and the
 * client sends it again later with the same client message id (the SDK does so by itself). Sends
 * already admitted are never dropped. The queue then drains at the store's pace, so that a send's
 * wait stays far below the broker's timeout for a held PUBACK, and the store keeps answering
 * logins and heartbeats.
 */
@Singleton
public final class SendAdmission {

    /** Appends waiting for their insert (both logs) above which new sends are refused. */
    static final int MAX_PENDING = 4_000;
    /** How long the latest appends may have waited for their insert before new sends are refused. */
    static final long MAX_LAG_MS = 2_000;
    /** What a refused device is asked to wait; the SDK adds its own growing backoff to repeats. */
    static final long RETRY_AFTER_MS = 500;

    private final @NotNull MongoStores stores;
    private final @NotNull StoreLag lag;
    private final @NotNull Metrics metrics;

    @Inject
    public SendAdmission(final @NotNull MongoStores stores, final @NotNull StoreLag lag, final @NotNull Metrics metrics) {
        this.stores = stores;
        this.lag = lag;
        this.metrics = metrics;
    }

    /** Throws BUSY when the store is too far behind to take another send now. */
    public void admit() {
        final int pending = stores.pendingAppends();
        final long lagMs = lag.waitedMillis();
        // with nothing waiting, the lag of the last appends says nothing about the next one
        if (pending > MAX_PENDING || (pending > 0 && lagMs > MAX_LAG_MS)) {
            metrics.messageBusy();
            throw RequestException.busy("the server is busy (" + pending + " writes waiting, the latest waited "
                    + lagMs + " ms); send again in " + RETRY_AFTER_MS + " ms", RETRY_AFTER_MS);
        }
    }
}
