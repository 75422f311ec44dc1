package io.missive.storage.message;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Date;

/** A message as stored: it has its conversation seq, a server id and a server time. */
public final class StoredMessage {

    private final @NotNull String messageId;
    private final @NotNull String conversationId;
    private final long seq;
    private final @NotNull String senderUserId;
    private final @NotNull String senderDeviceId;
    private final @NotNull String clientMsgId;
    private final long serverTimeMs;
    private final @NotNull String text;
    private final @Nullable GroupEvent change;

    public StoredMessage(final @NotNull String messageId, final @NotNull String conversationId, final long seq,
                         final @NotNull String senderUserId, final @NotNull String senderDeviceId,
                         final @NotNull String clientMsgId, final long serverTimeMs, final @NotNull String text) {
        this(messageId, conversationId, seq, senderUserId, senderDeviceId, clientMsgId, serverTimeMs, text, null);
    }

    public StoredMessage(final @NotNull String messageId, final @NotNull String conversationId, final long seq,
                         final @NotNull String senderUserId, final @NotNull String senderDeviceId,
                         final @NotNull String clientMsgId, final long serverTimeMs, final @NotNull String text,
                         final @Nullable GroupEvent change) {
        this.change = change;
        this.messageId = messageId;
        this.conversationId = conversationId;
        this.seq = seq;
        this.senderUserId = senderUserId;
        this.senderDeviceId = senderDeviceId;
        this.clientMsgId = clientMsgId;
        this.serverTimeMs = serverTimeMs;
        this.text = text;
    }

    public static @NotNull StoredMessage fromDocument(final @NotNull Document d) {
        return new StoredMessage(d.getObjectId("_id").toHexString(), d.getString("conversationId"),
                d.getLong("seq"), d.getString("senderUserId"), d.getString("senderDeviceId"),
                d.getString("clientMsgId"), d.getDate("serverTime").getTime(), d.getString("text"),
                GroupEvent.fromDocument(d.get("change", Document.class)));
    }

    public @NotNull Document toDocument() {
        return new Document("_id", new ObjectId(messageId))
                .append("conversationId", conversationId)
                .append("seq", seq)
                .append("senderUserId", senderUserId)
                .append("senderDeviceId", senderDeviceId)
                .append("clientMsgId", clientMsgId)
                .append("serverTime", new Date(serverTimeMs))
                .append("text", text)
                .append("change", change == null ? null : change.toDocument());
    }

    public @NotNull String messageId() {
        return messageId;
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    public long seq() {
        return seq;
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

    public long serverTimeMs() {
        return serverTimeMs;
    }

    public @NotNull String text() {
        return text;
    }

    /** Set for a group event (a membership change, a rename...), null for a message. */
    public @Nullable GroupEvent change() {
        return change;
    }
}
