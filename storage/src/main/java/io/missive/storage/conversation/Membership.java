package io.missive.storage.conversation;

import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.util.Date;

/**
 * One user's membership of one conversation: their role, the window of the conversation they may
 * see (after joinedSeq; up to leftSeq once they left) and their own settings of it.
 */
public final class Membership {

    public static final @NotNull String MEMBER = "member";
    public static final @NotNull String ADMIN = "admin";
    public static final @NotNull String OWNER = "owner";

    private final @NotNull String conversationId;
    private final @NotNull String userId;
    private final @NotNull String role;
    private final long joinedSeq;
    private final long leftSeq;
    private final boolean active;
    private final boolean muted;
    private final @NotNull String label;
    private final long activityAtMs;
    private final long settingsRev;
    private final long readSeq;

    public Membership(final @NotNull String conversationId, final @NotNull String userId, final @NotNull String role,
                      final long joinedSeq, final long leftSeq, final boolean active, final boolean muted,
                      final @NotNull String label, final long activityAtMs, final long settingsRev) {
        this(conversationId, userId, role, joinedSeq, leftSeq, active, muted, label, activityAtMs, settingsRev, 0);
    }

    public Membership(final @NotNull String conversationId, final @NotNull String userId, final @NotNull String role,
                      final long joinedSeq, final long leftSeq, final boolean active, final boolean muted,
                      final @NotNull String label, final long activityAtMs, final long settingsRev,
                      final long readSeq) {
        this.readSeq = readSeq;
        this.conversationId = conversationId;
        this.userId = userId;
        this.role = role;
        this.joinedSeq = joinedSeq;
        this.leftSeq = leftSeq;
        this.active = active;
        this.muted = muted;
        this.label = label;
        this.activityAtMs = activityAtMs;
        this.settingsRev = settingsRev;
    }

    static @NotNull Membership fromDocument(final @NotNull Document d) {
        final Date activity = d.getDate("activityAt");
        return new Membership(d.getString("conversationId"), d.getString("userId"), d.get("role", MEMBER),
                d.get("joinedSeq", 0L), d.get("leftSeq", 0L), Boolean.TRUE.equals(d.getBoolean("active")),
                Boolean.TRUE.equals(d.getBoolean("muted")), d.get("label", ""),
                activity == null ? 0 : activity.getTime(), d.get("settingsRev", 0L), d.get("readSeq", 0L));
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    public @NotNull String userId() {
        return userId;
    }

    public @NotNull String role() {
        return role;
    }

    /** The seq of the event that made the user a member; they see the messages after it. */
    public long joinedSeq() {
        return joinedSeq;
    }

    /** The seq of the event that ended the membership (0 while active). */
    public long leftSeq() {
        return leftSeq;
    }

    public boolean active() {
        return active;
    }

    /** The highest seq this user may read: unbounded while a member, the departure once gone. */
    public long visibleThrough() {
        return active ? Long.MAX_VALUE : leftSeq;
    }

    public boolean muted() {
        return muted;
    }

    public @NotNull String label() {
        return label;
    }

    /** The time the conversation last had activity, as recorded for this member's list. */
    public long activityAtMs() {
        return activityAtMs;
    }

    /** Counts the user's settings changes: names each change's event in their sync stream. */
    public long settingsRev() {
        return settingsRev;
    }

    /**
     * The highest seq the user has read (their own messages and the event that let them in count
     * as read): the conversation's unread count for them is its latest seq minus this.
     */
    public long readSeq() {
        return Math.max(readSeq, joinedSeq);
    }

    public boolean canManage() {
        return OWNER.equals(role) || ADMIN.equals(role);
    }
}
