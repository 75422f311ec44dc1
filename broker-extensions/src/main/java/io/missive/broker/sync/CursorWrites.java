package io.missive.broker.sync;

import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.broker.store.WriteBehind;
import io.missive.storage.MongoStores;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class CursorWrites implements Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(CursorWrites.class);
    static final long WRITE_EVERY_MS = 1_000;

    private final @NotNull WriteBehind<String, Long> cursors;
    private final @NotNull Workers workers;

    @Inject
    public CursorWrites(final @NotNull MongoStores stores, final @NotNull Workers workers) {
        this.cursors = new WriteBehind<>(Math::max, batch -> stores.devices().acknowledgeAll(batch));
        this.workers = workers;
    }

    @Override
    public void start() {
        workers.repeat(WRITE_EVERY_MS, this::flush, error ->
                LOG.warn("Sync cursors not stored, retried in {} ms: {}", WRITE_EVERY_MS, error.toString()));
    }

    /** Takes the device's cursor to at least {@code version}; it is stored within a second. */
    public void acknowledge(final @NotNull String deviceId, final long version) {
        cursors.put(deviceId, version);
    }

    /** The device's acknowledged version not yet stored, if any. */
    public @NotNull OptionalLong pending(final @NotNull String deviceId) {
        return cursors.pending(deviceId).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** The device was revoked: its cursor is not written again. */
    public void forget(final @NotNull String deviceId) {
        cursors.forget(deviceId);
    }

    /** Writes every cursor acknowledged so far; completes when stored. */
    public @NotNull CompletableFuture<Void> flush() {
        return cursors.flush();
    }
}
