package io.missive.sdk;

import io.missive.protocol.Ids;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A message to send, addressed to a user (1:1) or to a conversation. Its client message id is
 * fixed when it is built: keep the instance and send it again to retry, and the server stores it
 * at most once.
 *
 * <pre>{@code
 * OutgoingMessage hello = OutgoingMessage.toUser("bob").text("hello").build();
 * OutgoingMessage inGroup = OutgoingMessage.toConversation(conversationId).text("hi all").build();
 * }</pre>
 */
public final class OutgoingMessage {

    private final @Nullable String toUserId;
    private final @Nullable String conversationId;
    private final @NotNull String text;
    private final @NotNull String clientMsgId;

    private OutgoingMessage(final @NotNull Builder b, final @NotNull String clientMsgId) {
        this.toUserId = b.toUserId;
        this.conversationId = b.conversationId;
        this.text = Objects.requireNonNull(b.text, "text");
        this.clientMsgId = clientMsgId;
    }

    /** Starts a 1:1 message to {@code userId}; the conversation is created on first use. */
    public static @NotNull Builder toUser(final @NotNull String userId) {
        if (!Ids.isValidUserId(userId)) {
            throw new IllegalArgumentException("not a valid user id: " + userId);
        }
        return new Builder(userId, null);
    }

    /** Starts a message to an existing conversation the sender belongs to. */
    public static @NotNull Builder toConversation(final @NotNull String conversationId) {
        if (conversationId.isEmpty()) {
            throw new IllegalArgumentException("conversation id must not be empty");
        }
        return new Builder(null, conversationId);
    }

    /** @return a new random client message id (a UUID string) */
    public static @NotNull String newClientMsgId() {
        return UUID.randomUUID().toString();
    }

    /** @return the recipient of a 1:1 message; empty when addressed to a conversation */
    public @NotNull Optional<String> toUserId() {
        return Optional.ofNullable(toUserId);
    }

    /** @return the conversation addressed; empty for a message addressed to a user */
    public @NotNull Optional<String> conversationId() {
        return Optional.ofNullable(conversationId);
    }

    public @NotNull String text() {
        return text;
    }

    public @NotNull String clientMsgId() {
        return clientMsgId;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OutgoingMessage)) {
            return false;
        }
        final OutgoingMessage that = (OutgoingMessage) o;
        return Objects.equals(toUserId, that.toUserId) && Objects.equals(conversationId, that.conversationId)
                && text.equals(that.text) && clientMsgId.equals(that.clientMsgId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(toUserId, conversationId, text, clientMsgId);
    }

    @Override
    public @NotNull String toString() {
        return "OutgoingMessage{" + (toUserId != null ? "toUser=" + toUserId : "conversation=" + conversationId)
                + ", clientMsgId=" + clientMsgId + ", textLength=" + text.length() + '}';
    }

    public static final class Builder {

        private final @Nullable String toUserId;
        private final @Nullable String conversationId;
        private @Nullable String text;
        private @Nullable String clientMsgId;

        private Builder(final @Nullable String toUserId, final @Nullable String conversationId) {
            this.toUserId = toUserId;
            this.conversationId = conversationId;
        }

        public @NotNull Builder text(final @NotNull String text) {
            this.text = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Sets the client message id (1..64 characters of letters, digits, '_', '.', ':', '-').
         * Without it, {@link #build()} generates a random one.
         */
        public @NotNull Builder clientMsgId(final @NotNull String clientMsgId) {
            if (!Ids.isValidClientMsgId(clientMsgId)) {
                throw new IllegalArgumentException("not a valid client message id: " + clientMsgId);
            }
            this.clientMsgId = clientMsgId;
            return this;
        }

        public @NotNull OutgoingMessage build() {
            if (text == null) {
                throw new IllegalStateException("text is required");
            }
            return new OutgoingMessage(this, clientMsgId != null ? clientMsgId : newClientMsgId());
        }
    }
}
