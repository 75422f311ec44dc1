package io.missive.storage.message;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/** A message as a sender submitted it, before it has a seq. */
public final class NewMessage {

    private final @NotNull String conversationId;
    private final @NotNull String senderUserId;
    private final @NotNull String senderDeviceId;
    private final @NotNull String clientMsgId;
    private final @NotNull String text;
    private final @Nullable GroupEvent change;

    public NewMessage(final @NotNull String conversationId, final @NotNull String senderUserId,
                      final @NotNull String senderDeviceId, final @NotNull String clientMsgId,
                      final @NotNull String text) {
        this(conversationId, senderUserId, senderDeviceId, clientMsgId, text, null);
    }

    private NewMessage(final @NotNull String conversationId, final @NotNull String senderUserId,
                       final @NotNull String senderDeviceId, final @NotNull String clientMsgId,
                       final @NotNull String text, final @Nullable GroupEvent change) {
        this.conversationId = conversationId;
        this.senderUserId = senderUserId;
        this.senderDeviceId = senderDeviceId;
        this.clientMsgId = clientMsgId;
        this.text = text;
        this.change = change;
    }

    /** A group event made by a user's request; requestId de-duplicates resends like a clientMsgId. */
    public static @NotNull NewMessage groupEvent(final @NotNull String conversationId, final @NotNull String actor,
                                                 final @NotNull String deviceId, final @NotNull String requestId,
                                                 final @NotNull GroupEvent change) {
        return new NewMessage(conversationId, actor, deviceId, requestId, "", change);
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

    /** Set for a group event, null for a message. */
    public @Nullable GroupEvent change() {
        return change;
    }

    /** Identity for de-duplication within a conversation. */
    @NotNull String dedupKey() {
        return senderUserId + "\u0000" + clientMsgId;
    }
}
