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
    /** The user changed their settings of a conversation; seq counts those changes. */
    public static final @NotNull String TYPE_SETTINGS = "settings";
    /** A read position moved: subject read conversationId up to seq. */
    public static final @NotNull String TYPE_READ = "read";
    /** A contact relation changed: conversationId holds the other user, label the state, seq a revision. */
    public static final @NotNull String TYPE_CONTACT = "contact";

    private final @NotNull String userId;
    private final long version;
    private final @NotNull String type;
    private final @NotNull String conversationId;
    private final long seq;
    private final @NotNull String messageId;
    private final long createdAtMs;
    private final boolean muted;
    private final @NotNull String label;

    public SyncEntry(final @NotNull String userId, final long version, final @NotNull String type,
                     final @NotNull String conversationId, final long seq, final @NotNull String messageId,
                     final long createdAtMs) {
        this(userId, version, type, conversationId, seq, messageId, createdAtMs, false, "");
    }

    private SyncEntry(final @NotNull String userId, final long version, final @NotNull String type,
                      final @NotNull String conversationId, final long seq, final @NotNull String messageId,
                      final long createdAtMs, final boolean muted, final @NotNull String label) {
        this.muted = muted;
        this.label = label;
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

    /** A settings entry: the user's settings of the conversation after their change number rev. */
    public static @NotNull SyncEntry settings(final @NotNull String userId, final @NotNull String conversationId,
                                              final long rev, final boolean muted, final @NotNull String label) {
        return new SyncEntry(userId, 0, TYPE_SETTINGS, conversationId, rev, "", System.currentTimeMillis(), muted,
                label);
    }

    /** A read position: reader read the conversation up to seq (the user's own, or a peer's). */
    public static @NotNull SyncEntry read(final @NotNull String userId, final @NotNull String conversationId,
                                          final @NotNull String reader, final long seq) {
        return new SyncEntry(userId, 0, TYPE_READ, conversationId, seq, "", System.currentTimeMillis(), false,
                reader);
    }

    /** A contact relation of the user with other, in state, at the relation's revision rev. */
    public static @NotNull SyncEntry contact(final @NotNull String userId, final @NotNull String other,
                                             final @NotNull String state, final long rev) {
        return new SyncEntry(userId, 0, TYPE_CONTACT, other, rev, "", System.currentTimeMillis(), false, state);
    }

    /** TYPE_READ: who read. */
    public @NotNull String reader() {
        return label;
    }

    /** TYPE_CONTACT: the relation's state. */
    public @NotNull String contactState() {
        return label;
    }

    /** The identity of the event within the user's stream. */
    public @NotNull String eventKey() {
        return TYPE_READ.equals(type) ? type + ":" + conversationId + ":" + label + ":" + seq
                : type + ":" + conversationId + ":" + seq;
    }

    @NotNull SyncEntry withVersion(final long newVersion) {
        return new SyncEntry(userId, newVersion, type, conversationId, seq, messageId, createdAtMs, muted, label);
    }

    static @NotNull SyncEntry fromDocument(final @NotNull Document d) {
        return new SyncEntry(d.getString("userId"), d.getLong("version"), d.getString("type"),
                d.getString("conversationId"), d.getLong("seq"), d.getString("messageId"),
                d.getDate("createdAt").getTime(), Boolean.TRUE.equals(d.getBoolean("muted")), d.get("label", ""));
    }

    /**
     * The document's {@code _id}: the user and the version, the version as 16 hex digits so that
     * ids sort like versions. A user's stream is then a range of the primary key (resume pages,
     * trimming, the latest version) on MongoDB, and a page of gap-free versions is a set of point
     * lookups on any MongoDB-wire server, with no index of its own.
     */
    static @NotNull String id(final @NotNull String userId, final long version) {
        return userId + "|" + String.format("%016x", version);
    }

    /** The lowest {@link #id} of the user's entries (inclusive). */
    static @NotNull String firstId(final @NotNull String userId) {
        return userId + "|";
    }

    /** Above every {@link #id} of the user's entries (exclusive): '}' follows '|'. */
    static @NotNull String endId(final @NotNull String userId) {
        return userId + "}";
    }

    @NotNull Document toDocument() {
        return new Document("_id", id(userId, version))
                .append("userId", userId)
                .append("version", version)
                .append("eventKey", eventKey())
                .append("type", type)
                .append("conversationId", conversationId)
                .append("seq", seq)
                .append("messageId", messageId)
                .append("createdAt", new Date(createdAtMs))
                .append("muted", muted)
                .append("label", label);
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

    /** TYPE_SETTINGS: whether the conversation is muted. */
    public boolean muted() {
        return muted;
    }

    /** TYPE_SETTINGS: the conversation's label. */
    public @NotNull String label() {
        return label;
    }

    public long createdAtMs() {
        return createdAtMs;
    }
}
