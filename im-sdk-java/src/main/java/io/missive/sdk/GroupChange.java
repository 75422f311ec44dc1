package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A change of a group, stored in the group's log like a message, with its own seq: members see
 * changes and messages in one order. Carried by {@link ChatMessage#change()}; the message's sender
 * is the user who made the change.
 */
public final class GroupChange {

    /** What changed. */
    public enum Kind {
        /** The group was created; {@link #userIds()} lists every initial member, the owner first. */
        CREATED,
        /** {@link #userIds()} joined. */
        MEMBERS_ADDED,
        /** {@link #userIds()} were removed. */
        MEMBERS_REMOVED,
        /** {@link #userIds()} (the sender) left; {@link #newOwnerUserId()} is set when the owner left. */
        MEMBER_LEFT,
        /** The group got the name {@link #name()}. */
        RENAMED,
        /** {@link #userIds()} got the role {@link #role()}; {@link #newOwnerUserId()} is set for a new owner. */
        ROLE_CHANGED,
        /** A kind of change this version of the SDK does not know. */
        UNKNOWN
    }

    private final @NotNull Kind kind;
    private final @NotNull List<String> userIds;
    private final @Nullable String name;
    private final @Nullable Role role;
    private final @Nullable String newOwnerUserId;

    private GroupChange(final @NotNull Kind kind, final @NotNull List<String> userIds, final @Nullable String name,
                        final @Nullable Role role, final @Nullable String newOwnerUserId) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.userIds = userIds;
        this.name = name;
        this.role = role;
        this.newOwnerUserId = newOwnerUserId;
    }

    /**
     * @param userIds        who joined, was removed, left or changed role; copied
     * @param name           the group's name with {@link Kind#CREATED} and {@link Kind#RENAMED}, else null
     * @param role           the new role with {@link Kind#ROLE_CHANGED}, else null
     * @param newOwnerUserId the new owner, when ownership moved, else null
     */
    public static @NotNull GroupChange of(final @NotNull Kind kind, final @NotNull Collection<String> userIds,
                                          final @Nullable String name, final @Nullable Role role,
                                          final @Nullable String newOwnerUserId) {
        final List<String> copy = new ArrayList<>(userIds.size());
        for (final String userId : userIds) {
            copy.add(Objects.requireNonNull(userId, "user id"));
        }
        return new GroupChange(kind, Collections.unmodifiableList(copy), name, role, newOwnerUserId);
    }

    public @NotNull Kind kind() {
        return kind;
    }

    /** @return the users the change is about, in the server's order; unmodifiable */
    public @NotNull List<String> userIds() {
        return userIds;
    }

    /** @return the group's name after {@link Kind#CREATED} or {@link Kind#RENAMED} */
    public @NotNull Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** @return the new role with {@link Kind#ROLE_CHANGED} */
    public @NotNull Optional<Role> role() {
        return Optional.ofNullable(role);
    }

    /** @return the new owner when the owner left or handed ownership on */
    public @NotNull Optional<String> newOwnerUserId() {
        return Optional.ofNullable(newOwnerUserId);
    }

    /** @return true when this change made {@code userId} a member ({@link Kind#CREATED} or {@link Kind#MEMBERS_ADDED}) */
    public boolean isJoinOf(final @NotNull String userId) {
        return (kind == Kind.CREATED || kind == Kind.MEMBERS_ADDED) && userIds.contains(userId);
    }

    /** @return true when {@code userId} stopped being a member ({@link Kind#MEMBERS_REMOVED} or {@link Kind#MEMBER_LEFT}) */
    public boolean isDepartureOf(final @NotNull String userId) {
        return (kind == Kind.MEMBERS_REMOVED || kind == Kind.MEMBER_LEFT) && userIds.contains(userId);
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GroupChange)) {
            return false;
        }
        final GroupChange that = (GroupChange) o;
        return kind == that.kind && userIds.equals(that.userIds) && Objects.equals(name, that.name)
                && role == that.role && Objects.equals(newOwnerUserId, that.newOwnerUserId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, userIds, name, role, newOwnerUserId);
    }

    @Override
    public @NotNull String toString() {
        return "GroupChange{" + kind + ' ' + userIds + (name != null ? ", name=" + name : "")
                + (role != null ? ", role=" + role : "")
                + (newOwnerUserId != null ? ", newOwner=" + newOwnerUserId : "") + '}';
    }
}
