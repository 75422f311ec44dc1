package io.missive.storage.message;

import org.jetbrains.annotations.NotNull;

/** A message as a sender submitted it, before it has a seq. */
public final class NewMessage {

    private final @NotNull String conversationId;
    private final @NotNull String senderUserId;
    private final @NotNull String senderDeviceId;
    private final @NotNull String clientMsgId;
    private final @NotNull String text;

    public NewMessage(final @NotNull String conversationId, final @NotNull String senderUserId,
                      final @NotNull String senderDeviceId, final @NotNull String clientMsgId,
                      final @NotNull String text) {
        this.conversationId = conversationId;
        this.senderUserId = senderUserId;
        this.senderDeviceId = senderDeviceId;
        this.clientMsgId = clientMsgId;
        this.text = text;
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    public @NotNull String senderUserId() {
        return senderUserId;
    }

    public @NotNull String senderDeviceId() {
        return senderDeviceId;
    }

    public @NotNull String clientMsgId() {
        return clientMsgId;
    }

    public @NotNull String text() {
        return text;
    }

    /** Identity for de-duplication within a conversation. */
    @NotNull String dedupKey() {
        return senderUserId + "\u0000" + clientMsgId;
    }
}
