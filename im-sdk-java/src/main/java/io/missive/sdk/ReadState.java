package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A read position: {@link #userId()} has read {@link #conversationId()} up to and including
 * {@link #seq()}. It is either the user's own position (set on this or another of the user's
 * devices, with {@link MissiveClient#markRead(String, long)}) or, in a direct conversation, the
 * other user's: the "read" tick for the user's messages up to that seq.
 */
public final class ReadState {

    private final @NotNull String conversationId;
    private final @NotNull String userId;
    private final long seq;
    private final long unread;

    private ReadState(final @NotNull String conversationId, final @NotNull String userId, final long seq,
                      final long unread) {
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.seq = seq;
        this.unread = unread < 0 ? -1 : unread;
    }

    /**
     * @param userId the reader
     * @param unread the conversation's unread count after this position, for the user's own position;
     *               negative when unknown
     */
    public static @NotNull ReadState of(final @NotNull String conversationId, final @NotNull String userId,
                                        final long seq, final long unread) {
        return new ReadState(conversationId, userId, seq, unread);
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    /** @return who read: the user (on any of their devices) or the other user of a direct conversation */
    public @NotNull String userId() {
        return userId;
    }

    /** @return the seq read up to, inclusive */
    public long seq() {
        return seq;
    }

    /**
     * @return for the user's own position, how many messages of the conversation are unread after it;
     *         empty for another user's position and when the server's counters are unavailable
     */
    public @NotNull OptionalLong unread() {
        return unread < 0 ? OptionalLong.empty() : OptionalLong.of(unread);
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ReadState)) {
            return false;
        }
        final ReadState that = (ReadState) o;
        return seq == that.seq && unread == that.unread && conversationId.equals(that.conversationId)
                && userId.equals(that.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversationId, userId, seq, unread);
    }

    @Override
    public @NotNull String toString() {
        return "ReadState{conversationId=" + conversationId + ", userId=" + userId + ", seq=" + seq
                + (unread < 0 ? "" : ", unread=" + unread) + '}';
    }
}
