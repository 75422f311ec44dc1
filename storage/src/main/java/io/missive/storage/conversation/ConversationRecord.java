package io.missive.storage.conversation;

import io.missive.storage.message.StoredMessage;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Date;

/** A conversation's document: its kind, group name and owner, size and latest activity. */
public final class ConversationRecord {

    private final @NotNull String conversationId;
    private final @NotNull String type;
    private final @NotNull String name;
    private final @NotNull String ownerUserId;
    private final int memberCount;
    private final long lastSeq;
    private final long updatedAtMs;
    private final long createdAtMs;
    private final @Nullable StoredMessage lastMessage;

    public ConversationRecord(final @NotNull String conversationId, final @NotNull String type,
                              final @NotNull String name, final @NotNull String ownerUserId, final int memberCount,
                              final long lastSeq, final long updatedAtMs, final long createdAtMs,
                              final @Nullable StoredMessage lastMessage) {
        this.conversationId = conversationId;
        this.type = type;
        this.name = name;
        this.ownerUserId = ownerUserId;
        this.memberCount = memberCount;
        this.lastSeq = lastSeq;
        this.updatedAtMs = updatedAtMs;
        this.createdAtMs = createdAtMs;
        this.lastMessage = lastMessage;
    }

    static @NotNull ConversationRecord fromDocument(final @NotNull Document d) {
        final Document last = d.get("lastMessage", Document.class);
        final String type = d.getString("type");
        return new ConversationRecord(d.getString("_id"), type, d.get("name", ""), d.get("ownerUserId", ""),
                d.get("memberCount", Conversation.TYPE_DIRECT.equals(type) ? 2 : 0), d.get("lastSeq", 0L),
                time(d.getDate("updatedAt")), time(d.getDate("createdAt")),
                last == null ? null : StoredMessage.fromDocument(last));
    }

    private static long time(final @Nullable Date date) {
        return date == null ? 0 : date.getTime();
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    public @NotNull String type() {
        return type;
    }

    public boolean isGroup() {
        return Conversation.TYPE_GROUP.equals(type);
    }

    public @NotNull String name() {
        return name;
    }

    public @NotNull String ownerUserId() {
        return ownerUserId;
    }

    public int memberCount() {
        return memberCount;
    }

    /** The highest seq recorded for the conversation (written before its live delivery). */
    public long lastSeq() {
        return lastSeq;
    }

    public long updatedAtMs() {
        return updatedAtMs;
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    /** The newest message or group event, its text cut short; null before the first. */
    public @Nullable StoredMessage lastMessage() {
        return lastMessage;
    }
}
