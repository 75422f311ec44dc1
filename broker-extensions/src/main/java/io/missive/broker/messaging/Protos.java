package io.missive.broker.messaging;

import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.Message;
import io.missive.storage.message.StoredMessage;
import org.jetbrains.annotations.NotNull;

/** Stored values to their wire form. */
public final class Protos {

    private Protos() {
    }

    public static @NotNull Message message(final @NotNull StoredMessage m) {
        return Message.newBuilder()
                .setConversationId(m.conversationId())
                .setSeq(m.seq())
                .setMessageId(m.messageId())
                .setSenderUserId(m.senderUserId())
                .setSenderDeviceId(m.senderDeviceId())
                .setClientMsgId(m.clientMsgId())
                .setServerTimeMs(m.serverTimeMs())
                .setContent(Content.newBuilder().setText(m.text()))
                .build();
    }
}
