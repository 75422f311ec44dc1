package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The user's unread counts, as answered by {@link MissiveClient#unreadCounts()}: per conversation,
 * the messages after the user's read position. When the server cannot reach its counter store the
 * counts are unknown: {@link #available()} is false, and the map is empty, which then does not mean
 * "nothing unread".
 */
public final class UnreadCounts {

    private static final @NotNull UnreadCounts UNAVAILABLE = new UnreadCounts(Collections.emptyMap(), 0, false);

    private final @NotNull Map<String, Long> counts;
    private final long total;
    private final boolean available;

    private UnreadCounts(final @NotNull Map<String, Long> counts, final long total, final boolean available) {
        this.counts = counts;
        this.total = total;
        this.available = available;
    }

    /**
     * @param counts the conversations with a non-zero count (others are left out)
     * @param total  the sum of the counts
     */
    public static @NotNull UnreadCounts of(final @NotNull Map<String, Long> counts, final long total) {
        final Map<String, Long> copy = new LinkedHashMap<>();
        for (final Map.Entry<String, Long> entry : counts.entrySet()) {
            final long count = Objects.requireNonNull(entry.getValue(), "count");
            if (count > 0) {
                copy.put(Objects.requireNonNull(entry.getKey(), "conversationId"), count);
            }
        }
        return new UnreadCounts(Collections.unmodifiableMap(copy), total, true);
    }

    /** @return counts that are unknown: the server's counter store is unreachable */
    public static @NotNull UnreadCounts unavailable() {
        return UNAVAILABLE;
    }

    /**
     * @return the unread count of each conversation that has unread messages; unmodifiable. Empty
     *         (and meaningless) when the counts are not {@link #available()}
     */
    public @NotNull Map<String, Long> counts() {
        return counts;
    }

    /** @return the conversation's unread count; 0 when it has none or the counts are not available */
    public long count(final @NotNull String conversationId) {
        final Long count = counts.get(conversationId);
        return count == null ? 0 : count;
    }

    /** @return the sum of the counts; 0 when the counts are not available */
    public long total() {
        return total;
    }

    /**
     * @return false when the server's counter store is unreachable: the counts are unknown (not zero);
     *         ask again later
     */
    public boolean available() {
        return available;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UnreadCounts)) {
            return false;
        }
        final UnreadCounts that = (UnreadCounts) o;
        return total == that.total && available == that.available && counts.equals(that.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(counts, total, available);
    }

    @Override
    public @NotNull String toString() {
        return available ? "UnreadCounts{total=" + total + ", counts=" + counts + '}' : "UnreadCounts{unavailable}";
    }
}
