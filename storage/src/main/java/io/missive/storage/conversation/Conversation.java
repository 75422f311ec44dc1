package io.missive.storage.conversation;

import org.jetbrains.annotations.NotNull;

import java.util.List;

/** A conversation with the members that receive its messages (for a group: a snapshot). */
public final class Conversation {

    public static final @NotNull String TYPE_DIRECT = "direct";
    public static final @NotNull String TYPE_GROUP = "group";

    private final @NotNull String conversationId;
    private final @NotNull String type;
    private final @NotNull List<String> members;

    public Conversation(final @NotNull String conversationId, final @NotNull String type,
                        final @NotNull List<String> members) {
        this.conversationId = conversationId;
        this.type = type;
        this.members = List.copyOf(members);
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    public @NotNull String type() {
        return type;
    }

    public @NotNull List<String> members() {
        return members;
    }

    public boolean hasMember(final @NotNull String userId) {
        return members.contains(userId);
    }
}
