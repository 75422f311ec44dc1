package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Objects;

/**
 * Which page of a conversation to read. Pages are always returned ascending by seq.
 *
 * <pre>{@code
 * HistoryQuery.latest(20);       // the 20 newest messages
 * HistoryQuery.before(120, 20);  // the 20 messages just before seq 120 (scrolling back)
 * HistoryQuery.after(120, 20);   // the 20 messages just after seq 120 (catching up)
 * }</pre>
 */
public final class HistoryQuery {

    /** The largest page the server returns. */
    public static final int MAX_LIMIT = 100;

    /** Which side of the anchor seq to read. */
    public enum Direction {
        /** Messages with seq below the anchor (anchor 0: the newest messages). */
        BEFORE,
        /** Messages with seq above the anchor. */
        AFTER
    }

    private final @NotNull Direction direction;
    private final long anchorSeq;
    private final int limit;

    private HistoryQuery(final @NotNull Direction direction, final long anchorSeq, final int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        this.direction = direction;
        this.anchorSeq = anchorSeq;
        this.limit = limit;
    }

    /** @return a query for the {@code limit} newest messages (1..100) */
    public static @NotNull HistoryQuery latest(final int limit) {
        return new HistoryQuery(Direction.BEFORE, 0, limit);
    }

    /** @return a query for up to {@code limit} messages with seq below {@code seq} (seq >= 1) */
    public static @NotNull HistoryQuery before(final long seq, final int limit) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1 (use latest() for the newest), was " + seq);
        }
        return new HistoryQuery(Direction.BEFORE, seq, limit);
    }

    /** @return a query for up to {@code limit} messages with seq above {@code seq} (seq >= 0) */
    public static @NotNull HistoryQuery after(final long seq, final int limit) {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, was " + seq);
        }
        return new HistoryQuery(Direction.AFTER, seq, limit);
    }

    public @NotNull Direction direction() {
        return direction;
    }

    /** @return the anchor seq; 0 with {@link Direction#BEFORE} means "from the newest" */
    public long anchorSeq() {
        return anchorSeq;
    }

    public int limit() {
        return limit;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HistoryQuery)) {
            return false;
        }
        final HistoryQuery that = (HistoryQuery) o;
        return anchorSeq == that.anchorSeq && limit == that.limit && direction == that.direction;
    }

    @Override
    public int hashCode() {
        return Objects.hash(direction, anchorSeq, limit);
    }

    @Override
    public @NotNull String toString() {
        return "HistoryQuery{" + direction + ' ' + anchorSeq + ", limit=" + limit + '}';
    }
}
