package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where one device stands in its user's sync stream: the last version it processed, and per
 * conversation the highest seq it has seen (what the client rebuilds from when the server no
 * longer holds the stream that far back). Immutable; kept by a {@link SyncStore}.
 */
public final class SyncCursor {

    private static final @NotNull SyncCursor EMPTY = new SyncCursor(0, Collections.emptyMap());

    private final long version;
    private final @NotNull Map<String, Long> highestSeqs;

    private SyncCursor(final long version, final @NotNull Map<String, Long> highestSeqs) {
        this.version = version;
        this.highestSeqs = highestSeqs;
    }

    /** @return the cursor of a device that has processed nothing yet */
    public static @NotNull SyncCursor empty() {
        return EMPTY;
    }

    /**
     * @param version     the last processed sync-stream version, 0 for none
     * @param highestSeqs conversation id to the highest seq seen in it (each at least 1); copied
     * @throws IllegalArgumentException when a number is out of range or an id is empty
     */
    public static @NotNull SyncCursor of(final long version, final @NotNull Map<String, Long> highestSeqs) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + version);
        }
        final Map<String, Long> copy = new LinkedHashMap<>(highestSeqs.size() * 2);
        for (final Map.Entry<String, Long> entry : highestSeqs.entrySet()) {
            final String conversationId = Objects.requireNonNull(entry.getKey(), "conversation id");
            final Long seq = Objects.requireNonNull(entry.getValue(), "seq");
            if (conversationId.isEmpty() || seq < 1) {
                throw new IllegalArgumentException("not a conversation position: " + conversationId + " #" + seq);
            }
            copy.put(conversationId, seq);
        }
        return new SyncCursor(version, Collections.unmodifiableMap(copy));
    }

    /** @return the last sync-stream version the device processed; 0 for none */
    public long version() {
        return version;
    }

    /** @return conversation id to the highest seq seen in it; unmodifiable */
    public @NotNull Map<String, Long> highestSeqs() {
        return highestSeqs;
    }

    /** @return the highest seq seen in the conversation; empty when the device never saw it */
    public @NotNull OptionalLong highestSeq(final @NotNull String conversationId) {
        final Long seq = highestSeqs.get(conversationId);
        return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SyncCursor)) {
            return false;
        }
        final SyncCursor that = (SyncCursor) o;
        return version == that.version && highestSeqs.equals(that.highestSeqs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, highestSeqs);
    }

    @Override
    public @NotNull String toString() {
        return "SyncCursor{version=" + version + ", conversations=" + highestSeqs.size() + '}';
    }
}
