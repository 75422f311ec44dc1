package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where one device stands: the last version of its user's sync stream it processed, per
 * conversation the highest seq it has seen (what the client rebuilds from when the server no longer
 * holds the stream that far back), and per group the user is in the last seq delivered in that
 * group (group messages are not entries of the stream; the client delivers each group's messages
 * in seq order from there). Groups the user left are remembered with the seq of the leaving, so
 * that late copies of their events are ignored. Immutable; kept by a {@link SyncStore}.
 */
public final class SyncCursor {

    private static final @NotNull SyncCursor EMPTY =
            new SyncCursor(0, Collections.emptyMap(), Collections.emptyMap(), Collections.emptyMap());

    private final long version;
    private final @NotNull Map<String, Long> highestSeqs;
    private final @NotNull Map<String, Long> groupSeqs;
    private final @NotNull Map<String, Long> leftGroups;

    private SyncCursor(final long version, final @NotNull Map<String, Long> highestSeqs,
                       final @NotNull Map<String, Long> groupSeqs, final @NotNull Map<String, Long> leftGroups) {
        this.version = version;
        this.highestSeqs = highestSeqs;
        this.groupSeqs = groupSeqs;
        this.leftGroups = leftGroups;
    }

    /** @return the cursor of a device that has processed nothing yet */
    public static @NotNull SyncCursor empty() {
        return EMPTY;
    }

    /**
     * A cursor without group positions.
     *
     * @param version     the last processed sync-stream version, 0 for none
     * @param highestSeqs conversation id to the highest seq seen in it (each at least 1); copied
     * @throws IllegalArgumentException when a number is out of range or an id is empty
     */
    public static @NotNull SyncCursor of(final long version, final @NotNull Map<String, Long> highestSeqs) {
        return of(version, highestSeqs, Collections.emptyMap(), Collections.emptyMap());
    }

    /**
     * @param version     the last processed sync-stream version, 0 for none
     * @param highestSeqs conversation id to the highest seq seen in it (each at least 1); copied
     * @param groupSeqs   the groups the device follows: conversation id to the last seq delivered in
     *                    it (at least 0); copied
     * @param leftGroups  the groups the user left or was removed from: conversation id to the seq of
     *                    that event (at least 1); copied. An id may not be in both maps.
     * @throws IllegalArgumentException when a number is out of range, an id is empty, or a group is
     *                                  both followed and left
     */
    public static @NotNull SyncCursor of(final long version, final @NotNull Map<String, Long> highestSeqs,
                                         final @NotNull Map<String, Long> groupSeqs,
                                         final @NotNull Map<String, Long> leftGroups) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + version);
        }
        final Map<String, Long> groups = copy(groupSeqs, 0);
        final Map<String, Long> left = copy(leftGroups, 1);
        for (final String conversationId : left.keySet()) {
            if (groups.containsKey(conversationId)) {
                throw new IllegalArgumentException("a group cannot be followed and left: " + conversationId);
            }
        }
        return new SyncCursor(version, copy(highestSeqs, 1), groups, left);
    }

    private static @NotNull Map<String, Long> copy(final @NotNull Map<String, Long> seqs, final long min) {
        if (seqs.isEmpty()) {
            return Collections.emptyMap();
        }
        final Map<String, Long> copy = new LinkedHashMap<>(seqs.size() * 2);
        for (final Map.Entry<String, Long> entry : seqs.entrySet()) {
            final String conversationId = Objects.requireNonNull(entry.getKey(), "conversation id");
            final Long seq = Objects.requireNonNull(entry.getValue(), "seq");
            if (conversationId.isEmpty() || seq < min) {
                throw new IllegalArgumentException("not a conversation position: " + conversationId + " #" + seq);
            }
            copy.put(conversationId, seq);
        }
        return Collections.unmodifiableMap(copy);
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

    /** @return the groups the device follows: conversation id to the last seq delivered; unmodifiable */
    public @NotNull Map<String, Long> groupSeqs() {
        return groupSeqs;
    }

    /** @return the last seq delivered in a group the device follows; empty for any other conversation */
    public @NotNull OptionalLong groupSeq(final @NotNull String conversationId) {
        final Long seq = groupSeqs.get(conversationId);
        return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
    }

    /** @return the groups the user left or was removed from: conversation id to the seq of that event; unmodifiable */
    public @NotNull Map<String, Long> leftGroups() {
        return leftGroups;
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
        return version == that.version && highestSeqs.equals(that.highestSeqs) && groupSeqs.equals(that.groupSeqs)
                && leftGroups.equals(that.leftGroups);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, highestSeqs, groupSeqs, leftGroups);
    }

    @Override
    public @NotNull String toString() {
        return "SyncCursor{version=" + version + ", conversations=" + highestSeqs.size() + ", groups="
                + groupSeqs.size() + ", leftGroups=" + leftGroups.size() + '}';
    }
}
