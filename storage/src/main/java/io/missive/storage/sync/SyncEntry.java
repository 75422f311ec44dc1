package io.missive.storage.sync;

import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.util.Date;

/**
 * One entry of a user's sync stream. It references what happened (for now: a message, by
 * conversation and seq) rather than copying it; {@code eventKey} makes entering the same event
 * twice a no-op, so fan-out can be retried safely.
 */
public final class SyncEntry {

    public static final @NotNull String TYPE_MESSAGE = "message";

    private final @NotNull String userId;
    private final long version;
    private final @NotNull String type;
    private final @NotNull String conversationId;
    private final long seq;
    private final @NotNull String messageId;
    private final long createdAtMs;

    public SyncEntry(final @NotNull String userId, final long version, final @NotNull String type,
                     final @NotNull String conversationId, final long seq, final @NotNull String messageId,
                     final long createdAtMs) {
        this.userId = userId;
        this.version = version;
        this.type = type;
        this.conversationId = conversationId;
        this.seq = seq;
        this.messageId = messageId;
        this.createdAtMs = createdAtMs;
    }

    /** A message entry, not yet given a version. */
    public static @NotNull SyncEntry message(final @NotNull String userId, final @NotNull String conversationId,
                                             final long seq, final @NotNull String messageId) {
        return new SyncEntry(userId, 0, TYPE_MESSAGE, conversationId, seq, messageId, System.currentTimeMillis());
    }

    /** The identity of the event within the user's stream. */
    public @NotNull String eventKey() {
        return type + ":" + conversationId + ":" + seq;
    }

    @NotNull SyncEntry withVersion(final long newVersion) {
        return new SyncEntry(userId, newVersion, type, conversationId, seq, messageId, createdAtMs);
    }

    static @NotNull SyncEntry fromDocument(final @NotNull Document d) {
        return new SyncEntry(d.getString("userId"), d.getLong("version"), d.getString("type"),
                d.getString("conversationId"), d.getLong("seq"), d.getString("messageId"),
                d.getDate("createdAt").getTime());
    }

    @NotNull Document toDocument() {
        return new Document("userId", userId)
                .append("version", version)
                .append("eventKey", eventKey())
                .append("type", type)
                .append("conversationId", conversationId)
                .append("seq", seq)
                .append("messageId", messageId)
                .append("createdAt", new Date(createdAtMs));
    }

    public @NotNull String userId() {
        return userId;
    }

    public long version() {
        return version;
    }

    public @NotNull String type() {
        return type;
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    public long seq() {
        return seq;
    }

    public @NotNull String messageId() {
        return messageId;
    }

    public long createdAtMs() {
        return createdAtMs;
    }
}
