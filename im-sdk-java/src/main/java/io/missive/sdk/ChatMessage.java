package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A stored message, as delivered live (on the user's sync stream, or as a group message) or read
 * from history. Its identity is ({@link #conversationId()}, {@link #seq()}). In a group, changes of
 * the group (members joining or leaving, a new name, ...) are stored in the same order as messages:
 * they are ChatMessages with a {@link #change()} and no text.
 */
public final class ChatMessage {

    private final @NotNull String conversationId;
    private final long seq;
    private final @NotNull String messageId;
    private final @NotNull String senderUserId;
    private final @NotNull String senderDeviceId;
    private final @NotNull String clientMsgId;
    private final @NotNull Instant serverTime;
    private final @Nullable String text;
    private final @Nullable GroupChange change;
    private final long syncVersion;

    private ChatMessage(final @NotNull Builder b) {
        this.conversationId = Objects.requireNonNull(b.conversationId, "conversationId");
        this.seq = b.seq;
        this.messageId = Objects.requireNonNull(b.messageId, "messageId");
        this.senderUserId = Objects.requireNonNull(b.senderUserId, "senderUserId");
        this.senderDeviceId = Objects.requireNonNull(b.senderDeviceId, "senderDeviceId");
        this.clientMsgId = Objects.requireNonNull(b.clientMsgId, "clientMsgId");
        this.serverTime = Objects.requireNonNull(b.serverTime, "serverTime");
        this.text = b.text;
        this.change = b.change;
        this.syncVersion = b.syncVersion;
    }

    public static @NotNull Builder builder() {
        return new Builder();
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    /** @return the position in the conversation: unique, gap-free, increasing from 1 */
    public long seq() {
        return seq;
    }

    public @NotNull String messageId() {
        return messageId;
    }

    public @NotNull String senderUserId() {
        return senderUserId;
    }

    public @NotNull String senderDeviceId() {
        return senderDeviceId;
    }

    /** @return the id the sending device gave the message */
    public @NotNull String clientMsgId() {
        return clientMsgId;
    }

    /** @return when the server stored the message */
    public @NotNull Instant serverTime() {
        return serverTime;
    }

    /**
     * @return the text; empty for a group event ({@link #change()}) and when the message carries a
     *         kind of content this SDK does not know
     */
    public @NotNull Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /**
     * @return the change of the group this message records (who joined or left, a new name, ...);
     *         empty for an ordinary message. The sender is the user who made the change.
     */
    public @NotNull Optional<GroupChange> change() {
        return Optional.ofNullable(change);
    }

    /**
     * @return the user's sync-stream version that carried this message; empty for messages read
     *         from history and for group messages (those are not entries of the user's stream, except
     *         the events of the user joining or leaving a group)
     */
    public @NotNull OptionalLong syncVersion() {
        return syncVersion > 0 ? OptionalLong.of(syncVersion) : OptionalLong.empty();
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ChatMessage)) {
            return false;
        }
        final ChatMessage that = (ChatMessage) o;
        return seq == that.seq && syncVersion == that.syncVersion && conversationId.equals(that.conversationId)
                && messageId.equals(that.messageId) && senderUserId.equals(that.senderUserId)
                && senderDeviceId.equals(that.senderDeviceId) && clientMsgId.equals(that.clientMsgId)
                && serverTime.equals(that.serverTime) && Objects.equals(text, that.text)
                && Objects.equals(change, that.change);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversationId, seq, messageId);
    }

    @Override
    public @NotNull String toString() {
        return "ChatMessage{conversationId=" + conversationId + ", seq=" + seq + ", messageId=" + messageId
                + ", sender=" + senderUserId + '/' + senderDeviceId + ", clientMsgId=" + clientMsgId
                + ", serverTime=" + serverTime + (change != null ? ", change=" + change : "")
                + ", syncVersion=" + syncVersion + '}';
    }

    /** Builds messages, e.g. for tests of code that consumes them. */
    public static final class Builder {

        private @Nullable String conversationId;
        private long seq;
        private @Nullable String messageId;
        private @Nullable String senderUserId;
        private @Nullable String senderDeviceId;
        private @Nullable String clientMsgId;
        private @Nullable Instant serverTime;
        private @Nullable String text;
        private @Nullable GroupChange change;
        private long syncVersion;

        private Builder() {
        }

        public @NotNull Builder conversationId(final @NotNull String conversationId) {
            this.conversationId = conversationId;
            return this;
        }

        public @NotNull Builder seq(final long seq) {
            this.seq = seq;
            return this;
        }

        public @NotNull Builder messageId(final @NotNull String messageId) {
            this.messageId = messageId;
            return this;
        }

        public @NotNull Builder senderUserId(final @NotNull String senderUserId) {
            this.senderUserId = senderUserId;
            return this;
        }

        public @NotNull Builder senderDeviceId(final @NotNull String senderDeviceId) {
            this.senderDeviceId = senderDeviceId;
            return this;
        }

        public @NotNull Builder clientMsgId(final @NotNull String clientMsgId) {
            this.clientMsgId = clientMsgId;
            return this;
        }

        public @NotNull Builder serverTime(final @NotNull Instant serverTime) {
            this.serverTime = serverTime;
            return this;
        }

        public @NotNull Builder text(final @Nullable String text) {
            this.text = text;
            return this;
        }

        /** @param change the group change this message records, null for an ordinary message */
        public @NotNull Builder change(final @Nullable GroupChange change) {
            this.change = change;
            return this;
        }

        /** @param syncVersion the sync-stream version, 0 when the message did not come from the user's stream */
        public @NotNull Builder syncVersion(final long syncVersion) {
            this.syncVersion = syncVersion;
            return this;
        }

        public @NotNull ChatMessage build() {
            return new ChatMessage(this);
        }
    }
}
