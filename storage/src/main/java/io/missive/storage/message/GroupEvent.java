package io.missive.storage.message;

import org.bson.Document;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.List;

/**
 * A change of a group, stored in the group's log like a message so that it takes the group's
 * next seq: members see changes and messages in one order.
 */
public final class GroupEvent {

    public static final @NotNull String CREATED = "created";
    public static final @NotNull String MEMBERS_ADDED = "members_added";
    public static final @NotNull String MEMBERS_REMOVED = "members_removed";
    public static final @NotNull String MEMBER_LEFT = "member_left";
    public static final @NotNull String RENAMED = "renamed";
    public static final @NotNull String ROLE_CHANGED = "role_changed";

    private final @NotNull String kind;
    private final @NotNull List<String> userIds;
    private final @NotNull String name;
    private final @NotNull String role;
    private final @NotNull String newOwner;

    public GroupEvent(final @NotNull String kind, final @NotNull List<String> userIds, final @NotNull String name,
                      final @NotNull String role, final @NotNull String newOwner) {
        this.kind = kind;
        this.userIds = List.copyOf(userIds);
        this.name = name;
        this.role = role;
        this.newOwner = newOwner;
    }

    static @Nullable GroupEvent fromDocument(final @Nullable Document d) {
        if (d == null) {
            return null;
        }
        return new GroupEvent(d.getString("kind"), d.getList("userIds", String.class, List.of()),
                d.get("name", ""), d.get("role", ""), d.get("newOwner", ""));
    }

    @NotNull Document toDocument() {
        return new Document("kind", kind).append("userIds", userIds).append("name", name).append("role", role)
                .append("newOwner", newOwner);
    }

    public @NotNull String kind() {
        return kind;
    }

    /** Who joined, was removed, left or changed role. */
    public @NotNull List<String> userIds() {
        return userIds;
    }

    /** CREATED, RENAMED: the group's name. */
    public @NotNull String name() {
        return name;
    }

    /** ROLE_CHANGED: the new role. */
    public @NotNull String role() {
        return role;
    }

    /** The new owner when ownership moved, else "". */
    public @NotNull String newOwner() {
        return newOwner;
    }

    /** True when the event makes its users members. */
    public boolean joins() {
        return CREATED.equals(kind) || MEMBERS_ADDED.equals(kind);
    }

    /** True when the event ends its users' membership. */
    public boolean departs() {
        return MEMBERS_REMOVED.equals(kind) || MEMBER_LEFT.equals(kind);
    }
}
