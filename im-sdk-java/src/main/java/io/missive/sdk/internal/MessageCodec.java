package io.missive.sdk.internal;

import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendAck;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.SendReceipt;
import org.jetbrains.annotations.NotNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The wire form of sending a message and reading a conversation's history, and of their replies. Stateless. */
final class MessageCodec {

    private MessageCodec() {
    }

    static @NotNull Uplink sendRequest(final @NotNull OutgoingMessage message) {
        final SendMessage.Builder send = SendMessage.newBuilder()
                .setClientMsgId(message.clientMsgId())
                .setContent(Content.newBuilder().setText(message.text()));
        message.toUserId().ifPresent(send::setToUserId);
        message.conversationId().ifPresent(send::setConversationId);
        return Uplink.newBuilder().setSend(send).build();
    }

    /** @throws MissiveException when the reply is an error or not a send acknowledgement */
    static @NotNull SendReceipt toReceipt(final @NotNull Reply reply, final @NotNull String clientMsgId) {
        if (reply.getBodyCase() != Reply.BodyCase.SEND_ACK) {
            throw WireCodec.unexpected(reply, clientMsgId);
        }
        final SendAck ack = reply.getSendAck();
        return SendReceipt.of(ack.getClientMsgId().isEmpty() ? clientMsgId : ack.getClientMsgId(),
                ack.getConversationId(), ack.getSeq(), ack.getMessageId(),
                Instant.ofEpochMilli(ack.getServerTimeMs()), ack.getDuplicate());
    }

    static @NotNull Uplink historyRequest(final @NotNull String conversationId, final @NotNull HistoryQuery query) {
        return Uplink.newBuilder()
                .setHistory(HistoryRequest.newBuilder()
                        .setConversationId(conversationId)
                        .setDirection(toWire(query.direction()))
                        .setAnchorSeq(query.anchorSeq())
                        .setLimit(query.limit()))
                .build();
    }

    /**
     * Every direction of the SDK is the protocol direction of the same name. No default branch: a
     * direction added to the SDK does not compile until it is mapped here.
     */
    static @NotNull HistoryRequest.Direction toWire(final @NotNull HistoryQuery.Direction direction) {
        return switch (direction) {
            case BEFORE -> HistoryRequest.Direction.BEFORE;
            case AFTER -> HistoryRequest.Direction.AFTER;
        };
    }

    /** @throws MissiveException when the reply is an error or not a history page */
    static @NotNull HistoryPage toHistoryPage(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.HISTORY) {
            throw WireCodec.unexpected(reply, null);
        }
        final io.missive.protocol.v1.HistoryPage page = reply.getHistory();
        final List<ChatMessage> messages = new ArrayList<>(page.getMessagesCount());
        for (final Message message : page.getMessagesList()) {
            messages.add(WireCodec.toChatMessage(message, 0));
        }
        return HistoryPage.of(page.getConversationId(), messages, page.getHasMore(), page.getLatestSeq());
    }
}
