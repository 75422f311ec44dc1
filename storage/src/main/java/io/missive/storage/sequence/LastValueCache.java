package io.missive.storage.sequence;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last sequence value known per key, bounded (least recently used keys are forgotten and
 * re-read from the store). A stale value is harmless: the unique index refuses it and the
 * appender re-reads.
 */
public final class LastValueCache {

    private final @NotNull Map<String, Long> values;

    public LastValueCache(final int capacity) {
        this.values = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized @Nullable Long get(final @NotNull String key) {
        return values.get(key);
    }

    public synchronized void put(final @NotNull String key, final long value) {
        values.put(key, value);
    }

    /** Sets the value unless one is known already (which is at least as recent). */
    public synchronized void putIfAbsent(final @NotNull String key, final long value) {
        values.putIfAbsent(key, value);
    }

    public synchronized void forget(final @NotNull String key) {
        values.remove(key);
    }
}
