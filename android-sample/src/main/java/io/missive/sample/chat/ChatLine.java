package io.missive.sample.chat;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Objects;

/** One line of a chat screen: a stored message, or one of the user's own on its way. */
public final class ChatLine {

    /** Where a line stands. */
    public enum State {
        /** The server stored it; it has its seq. */
        STORED,
        /** Written by the user, waiting for the server (also while offline). */
        SENDING,
        /** The server refused it for good (e.g. the user was blocked). */
        FAILED
    }

    private final @NotNull String key;
    private final long seq;
    private final @NotNull String senderUserId;
    private final @NotNull String text;
    private final boolean mine;
    private final @NotNull State state;

    ChatLine(final @NotNull String key, final long seq, final @NotNull String senderUserId, final @NotNull String text,
             final boolean mine, final @NotNull State state) {
        this.key = key;
        this.seq = seq;
        this.senderUserId = senderUserId;
        this.text = text;
        this.mine = mine;
        this.state = state;
    }

    /** Stable while the line is shown, also when a line that was sending is stored: the client message id. */
    public @NotNull String key() {
        return key;
    }

    /** The conversation's seq; 0 while not stored. */
    public long seq() {
        return seq;
    }

    public @NotNull String senderUserId() {
        return senderUserId;
    }

    /** The text, or what changed in the group. */
    public @NotNull String text() {
        return text;
    }

    /** Sent by the user (from any of their devices). */
    public boolean mine() {
        return mine;
    }

    public @NotNull State state() {
        return state;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ChatLine)) {
            return false;
        }
        final ChatLine that = (ChatLine) o;
        return seq == that.seq && mine == that.mine && key.equals(that.key)
                && senderUserId.equals(that.senderUserId) && text.equals(that.text) && state == that.state;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, seq, senderUserId, text, mine, state);
    }

    @Override
    public @NotNull String toString() {
        return (seq > 0 ? "#" + seq : state.name()) + " " + senderUserId + ": " + text;
    }
}
