package io.missive.storage.contact;

import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What two users are to each other, as one document for the pair (so that every change of it is
 * one atomic write): a pending request and who made it, an accepted contact, and who of them
 * blocks the other. Each side reads its own view with {@link #stateFor(String)}.
 */
public final class Relation {

    public static final @NotNull String NONE = "none";
    public static final @NotNull String REQUEST_SENT = "request_sent";
    public static final @NotNull String REQUEST_RECEIVED = "request_received";
    public static final @NotNull String ACCEPTED = "accepted";
    public static final @NotNull String BLOCKED = "blocked";

    private final @NotNull String userA;
    private final @NotNull String userB;
    private final @NotNull String requestedBy;
    private final boolean accepted;
    private final @NotNull Set<String> blockedBy;
    private final long rev;
    private final long sinceMs;

    private Relation(final @NotNull String userA, final @NotNull String userB, final @NotNull String requestedBy,
                     final boolean accepted, final @NotNull Set<String> blockedBy, final long rev, final long sinceMs) {
        this.userA = userA;
        this.userB = userB;
        this.requestedBy = requestedBy;
        this.accepted = accepted;
        this.blockedBy = Set.copyOf(blockedBy);
        this.rev = rev;
        this.sinceMs = sinceMs;
    }

    /** No relation yet between the two (revision 0: not stored). */
    public static @NotNull Relation none(final @NotNull String one, final @NotNull String other) {
        final boolean ordered = one.compareTo(other) < 0;
        return new Relation(ordered ? one : other, ordered ? other : one, "", false, Set.of(), 0, 0);
    }

    static @NotNull String key(final @NotNull String one, final @NotNull String other) {
        return one.compareTo(other) < 0 ? one + "|" + other : other + "|" + one;
    }

    @NotNull String key() {
        return key(userA, userB);
    }

    static @NotNull Relation fromDocument(final @NotNull Document d) {
        final List<String> users = d.getList("users", String.class);
        return new Relation(users.get(0), users.get(1), d.get("requestedBy", ""),
                Boolean.TRUE.equals(d.getBoolean("accepted")),
                new HashSet<>(d.getList("blockedBy", String.class, List.of())), d.get("rev", 0L),
                d.getDate("since") == null ? 0 : d.getDate("since").getTime());
    }

    @NotNull Document toDocument() {
        return new Document("_id", key())
                .append("users", List.of(userA, userB))
                .append("requestedBy", requestedBy)
                .append("accepted", accepted)
                .append("blockedBy", List.copyOf(blockedBy))
                .append("rev", rev)
                .append("since", new Date(sinceMs));
    }

    /** The other user of the pair. */
    public @NotNull String other(final @NotNull String me) {
        return me.equals(userA) ? userB : userA;
    }

    /** The relation as {@code me} sees it. */
    public @NotNull String stateFor(final @NotNull String me) {
        if (blockedBy.contains(me)) {
            return BLOCKED;
        }
        if (accepted) {
            return ACCEPTED;
        }
        if (requestedBy.isEmpty()) {
            return NONE;
        }
        return requestedBy.equals(me) ? REQUEST_SENT : REQUEST_RECEIVED;
    }

    /** Either user blocks the other. */
    public boolean blocked() {
        return !blockedBy.isEmpty();
    }

    public boolean blockedBy(final @NotNull String user) {
        return blockedBy.contains(user);
    }

    public boolean accepted() {
        return accepted;
    }

    public @NotNull String requestedBy() {
        return requestedBy;
    }

    /** Counts the changes of the pair's relation (0 = never stored). */
    public long rev() {
        return rev;
    }

    /** When the relation last changed. */
    public long sinceMs() {
        return sinceMs;
    }

    /** {@code by} asks the other (a pending request). */
    public @NotNull Relation request(final @NotNull String by) {
        return new Relation(userA, userB, by, false, blockedBy, rev + 1, System.currentTimeMillis());
    }

    /** The two are contacts. */
    public @NotNull Relation accept() {
        return new Relation(userA, userB, "", true, blockedBy, rev + 1, System.currentTimeMillis());
    }

    /** Neither contact nor request (blocks stay). */
    public @NotNull Relation clear() {
        return new Relation(userA, userB, "", false, blockedBy, rev + 1, System.currentTimeMillis());
    }

    /** {@code by} blocks (or unblocks) the other: blocking ends any contact or request. */
    public @NotNull Relation block(final @NotNull String by, final boolean block) {
        final Set<String> blocks = new HashSet<>(blockedBy);
        if (block) {
            blocks.add(by);
        } else {
            blocks.remove(by);
        }
        return new Relation(userA, userB, block ? "" : requestedBy, !block && accepted, blocks, rev + 1,
                System.currentTimeMillis());
    }
}
