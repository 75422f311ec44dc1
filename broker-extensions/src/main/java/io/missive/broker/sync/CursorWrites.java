package io.missive.broker.sync;

import io.missive.broker.store.Workers;
import io.missive.storage.MongoStores;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Stores devices' sync cursors (their acknowledged versions) behind the acknowledgements: an ack
 * is taken in memory at once, and what changed is written once every {@value #WRITE_EVERY_MS} ms
 * in one command (the highest version per device). Every connected device acknowledges up to ten
 * times a second, so writing each ack would cost more store work than the messages themselves.
 *
 * <p>The stored cursor is informational (the device list shows it; a device resumes from its own
 * cursor, never from this one), so losing the last second of it in a crash costs nothing: the
 * device's next acknowledgement moves it on. While a cursor waits to be written, {@link #pending}
 * answers it, so the device list of this node never shows less than what was acknowledged.
 */
@Singleton
public final class CursorWrites {

    private static final Logger LOG = LoggerFactory.getLogger(CursorWrites.class);
    static final long WRITE_EVERY_MS = 1_000;

    private final @NotNull MongoStores stores;
    /** Guarded by this. */
    private @NotNull Map<String, Long> pending = new HashMap<>();
    /** Guarded by this: the batch being written, still answered by {@link #pending}. */
    private @NotNull Map<String, Long> writing = Map.of();

    @Inject
    public CursorWrites(final @NotNull MongoStores stores, final @NotNull Workers workers) {
        this.stores = stores;
        workers.repeat(WRITE_EVERY_MS, this::flush, error ->
                LOG.warn("Sync cursors not stored, retried in {} ms: {}", WRITE_EVERY_MS, error.toString()));
    }

    /** Takes the device's cursor to at least {@code version}; it is stored within a second. */
    public synchronized void acknowledge(final @NotNull String deviceId, final long version) {
        pending.merge(deviceId, version, Math::max);
    }

    /** The device's acknowledged version not yet stored, if any. */
    public synchronized @NotNull OptionalLong pending(final @NotNull String deviceId) {
        final Long waiting = pending.get(deviceId);
        final Long inFlight = writing.get(deviceId);
        if (waiting == null && inFlight == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(waiting == null ? 0 : waiting, inFlight == null ? 0 : inFlight));
    }

    /** The device was revoked: its cursor is not written again. */
    public synchronized void forget(final @NotNull String deviceId) {
        pending.remove(deviceId);
    }

    /** Writes every cursor acknowledged so far; completes when stored. */
    public @NotNull CompletableFuture<Void> flush() {
        final Map<String, Long> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            batch = pending;
            writing = batch;
            pending = new HashMap<>();
        }
        CompletableFuture<Void> write;
        try {
            write = stores.devices().acknowledgeAll(batch);
        } catch (final RuntimeException e) {
            write = CompletableFuture.failedFuture(e);
        }
        return write.whenComplete((ok, error) -> {
            synchronized (this) {
                writing = Map.of();
                if (error != null) {
                    // written with the next batch, unless a newer ack overtook it
                    batch.forEach((device, version) -> pending.merge(device, version, Math::max));
                }
            }
        });
    }

}
