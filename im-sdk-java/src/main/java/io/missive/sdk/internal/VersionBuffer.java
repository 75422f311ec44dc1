package io.missive.sdk.internal;

import io.missive.protocol.v1.SyncEvent;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sync-stream events waiting for delivery, sorted by version. Events arrive from live delivery,
 * sync pages and retransmissions, in any order and possibly twice; the buffer keeps each version
 * once and hands out only the run that continues the cursor without a gap. Bounded: when full, the
 * highest versions are dropped (the cursor is below them, so a later sync fetches them again).
 * Not thread-safe; confined to the delivery thread.
 */
final class VersionBuffer {

    private final @NotNull TreeMap<Long, SyncEvent> events = new TreeMap<>();
    private final int capacity;

    VersionBuffer(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /**
     * @param cursor the last version delivered; the event is dropped when it is not above it
     * @return true when the event was kept
     */
    boolean offer(final @NotNull SyncEvent event, final long cursor) {
        final long version = event.getVersion();
        if (version <= cursor || events.containsKey(version)) {
            return false;
        }
        if (events.size() >= capacity) {
            if (version > events.lastKey()) {
                return false;
            }
            events.pollLastEntry();
        }
        events.put(version, event);
        return true;
    }

    /** @return the events cursor+1, cursor+2, ... up to the first missing version, removed from the buffer */
    @NotNull List<SyncEvent> takeContiguous(final long cursor) {
        events.headMap(cursor, true).clear();
        if (events.isEmpty() || events.firstKey() != cursor + 1) {
            return Collections.emptyList();
        }
        final List<SyncEvent> run = new ArrayList<>();
        long expected = cursor + 1;
        final Iterator<Map.Entry<Long, SyncEvent>> it = events.entrySet().iterator();
        while (it.hasNext()) {
            final Map.Entry<Long, SyncEvent> entry = it.next();
            if (entry.getKey() != expected) {
                break;
            }
            run.add(entry.getValue());
            it.remove();
            expected++;
        }
        return run;
    }

    /** @return every event up to and including {@code version}, ascending, removed from the buffer */
    @NotNull List<SyncEvent> takeUpTo(final long version) {
        final Map<Long, SyncEvent> head = events.headMap(version, true);
        final List<SyncEvent> taken = new ArrayList<>(head.values());
        head.clear();
        return taken;
    }

    /** @return every event, ascending, removed from the buffer */
    @NotNull List<SyncEvent> takeAll() {
        final List<SyncEvent> taken = new ArrayList<>(events.values());
        events.clear();
        return taken;
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    int size() {
        return events.size();
    }
}
