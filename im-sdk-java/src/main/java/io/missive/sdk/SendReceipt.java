package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/** The server's acknowledgement of a stored message. */
public final class SendReceipt {

    private final @NotNull String clientMsgId;
    private final @NotNull String conversationId;
    private final long seq;
    private final @NotNull String messageId;
    private final @NotNull Instant serverTime;
    private final boolean duplicate;

    private SendReceipt(
            final @NotNull String clientMsgId,
            final @NotNull String conversationId,
            final long seq,
            final @NotNull String messageId,
            final @NotNull Instant serverTime,
            final boolean duplicate) {
        this.clientMsgId = Objects.requireNonNull(clientMsgId, "clientMsgId");
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.seq = seq;
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.serverTime = Objects.requireNonNull(serverTime, "serverTime");
        this.duplicate = duplicate;
    }

    public static @NotNull SendReceipt of(
            final @NotNull String clientMsgId,
            final @NotNull String conversationId,
            final long seq,
            final @NotNull String messageId,
            final @NotNull Instant serverTime,
            final boolean duplicate) {
        return new SendReceipt(clientMsgId, conversationId, seq, messageId, serverTime, duplicate);
    }

    /** @return the id the message was sent with */
    public @NotNull String clientMsgId() {
        return clientMsgId;
    }

    /** @return the conversation the message was stored in ("dm:a:b" for a 1:1 message) */
    public @NotNull String conversationId() {
        return conversationId;
    }

    /** @return the message's position in its conversation: unique, gap-free, increasing from 1 */
    public long seq() {
        return seq;
    }

    /** @return the server-assigned id of the stored message */
    public @NotNull String messageId() {
        return messageId;
    }

    /** @return when the server stored the message */
    public @NotNull Instant serverTime() {
        return serverTime;
    }

    /** @return true when this client message id had been stored before and nothing new was stored */
    public boolean duplicate() {
        return duplicate;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SendReceipt)) {
            return false;
        }
        final SendReceipt that = (SendReceipt) o;
        return seq == that.seq && duplicate == that.duplicate && clientMsgId.equals(that.clientMsgId)
                && conversationId.equals(that.conversationId) && messageId.equals(that.messageId)
                && serverTime.equals(that.serverTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientMsgId, conversationId, seq, messageId, serverTime, duplicate);
    }

    @Override
    public @NotNull String toString() {
        return "SendReceipt{clientMsgId=" + clientMsgId + ", conversationId=" + conversationId + ", seq=" + seq
                + ", messageId=" + messageId + ", serverTime=" + serverTime + ", duplicate=" + duplicate + '}';
    }
}
