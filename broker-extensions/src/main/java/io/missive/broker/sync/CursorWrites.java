package io.missive.broker.sync;

import io.missive.storage.MongoStores;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Stores devices' sync cursors (their acknowledged versions) like a group commit: the first ack
 * is written at once; acks arriving while a write is in flight wait for it and then go together in
 * one command (the highest version per device). Every ack still completes only once its cursor is
 * stored. Every connected device acknowledges up to ten times a second, so without this the
 * cursors alone cost one store command per device and tenth of a second.
 */
@Singleton
public final class CursorWrites {

    private final @NotNull MongoStores stores;
    /** Guarded by this. */
    private @NotNull Map<String, Long> pending = new HashMap<>();
    /** Guarded by this: the acks waiting for {@link #pending} to be written. */
    private @NotNull List<CompletableFuture<Void>> waiting = new ArrayList<>();
    /** Guarded by this. */
    private boolean writing;

    @Inject
    public CursorWrites(final @NotNull MongoStores stores) {
        this.stores = stores;
    }

    /** Completes when the device's cursor is at least {@code version} in the store. */
    public @NotNull CompletableFuture<Void> acknowledge(final @NotNull String deviceId, final long version) {
        final CompletableFuture<Void> stored = new CompletableFuture<>();
        final boolean start;
        synchronized (this) {
            pending.merge(deviceId, version, Math::max);
            waiting.add(stored);
            start = !writing;
            writing = true;
        }
        if (start) {
            writeNext();
        }
        return stored;
    }

    private void writeNext() {
        final Map<String, Long> batch;
        final List<CompletableFuture<Void>> acks;
        synchronized (this) {
            if (pending.isEmpty()) {
                writing = false;
                return;
            }
            batch = pending;
            acks = waiting;
            pending = new HashMap<>();
            waiting = new ArrayList<>();
        }
        CompletableFuture<Void> write;
        try {
            write = stores.devices().acknowledgeAll(batch);
        } catch (final RuntimeException e) {
            write = CompletableFuture.failedFuture(e);
        }
        write.whenComplete((ok, error) -> {
            for (final CompletableFuture<Void> ack : acks) {
                if (error == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(error);
                }
            }
            writeNext();
        });
    }
}
