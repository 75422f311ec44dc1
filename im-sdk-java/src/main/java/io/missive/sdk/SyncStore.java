package io.missive.sdk;

import io.missive.sdk.internal.FileSyncStore;
import io.missive.sdk.internal.MemorySyncStore;
import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Keeps a device's {@link SyncCursor} between connections and, if it persists, between runs of
 * the app: with it the client asks the server only for what the device has not processed yet, and
 * the app sees every message once. Set it with {@link MissiveClientBuilder#syncStore(SyncStore)}.
 *
 * <p>The cursor holds the sync-stream version, the highest seq seen per conversation and the
 * positions of the groups the device follows ({@link SyncCursor#groupSeqs()},
 * {@link SyncCursor#leftGroups()}); a store keeps all of them, in one atomic save, because a group
 * joined through the stream moves the version and starts the group's position together. A store
 * written for an earlier version of this SDK, which keeps only the version and the highest seqs,
 * still works: after a restart the client then continues each group from the highest seq it saw
 * there.
 *
 * <p>The client calls {@link #load()} once, before its first catch-up, and {@link #save} on its
 * delivery thread after each batch of messages it delivered to the listeners (only when something
 * changed), before it acknowledges them to the server. A save must be atomic: after a crash the
 * store holds either the previous cursor or the new one. When a save fails the client logs it and
 * keeps going; after a restart the device then receives the unsaved messages again.
 *
 * <p>Use one store per user and device, and never share one between two clients at the same time.
 * Implement it on the app's own database if you like; it is a two-method interface.
 */
public interface SyncStore {

    /** @return the cursor saved last, or {@link SyncCursor#empty()} when there is none */
    @NotNull SyncCursor load() throws IOException;

    /** Replaces the saved cursor, every part of it. */
    void save(@NotNull SyncCursor cursor) throws IOException;

    /**
     * @return a store that keeps the cursor in memory only: a new client (e.g. after the app
     *         restarted) starts from version 0 and receives the whole stream the server still holds
     */
    static @NotNull SyncStore inMemory() {
        return new MemorySyncStore();
    }

    /**
     * @param path the file to keep the cursor in (its directory is created when missing); a save
     *             writes a temporary file next to it and renames it over the old one, so the file
     *             is always complete. Readable by its owner only where the file system supports
     *             POSIX permissions.
     * @return a store that survives restarts of the app
     */
    static @NotNull SyncStore file(final @NotNull Path path) {
        return new FileSyncStore(path);
    }
}
