package io.missive.sdk.internal;

import io.missive.sdk.SyncCursor;
import io.missive.sdk.SyncStore;
import org.jetbrains.annotations.NotNull;

/** {@link SyncStore#inMemory()}: the cursor lives as long as the store object. Thread-safe. */
public final class MemorySyncStore implements SyncStore {

    private volatile @NotNull SyncCursor cursor = SyncCursor.empty();

    @Override
    public @NotNull SyncCursor load() {
        return cursor;
    }

    @Override
    public void save(final @NotNull SyncCursor cursor) {
        this.cursor = cursor;
    }

    @Override
    public @NotNull String toString() {
        return "SyncStore.inMemory(" + cursor + ')';
    }
}
