package io.missive.sample.chat;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.GroupChange;
import org.jetbrains.annotations.NotNull;

/** What a message says, in one line: its text, or what changed in the group. */
public final class MessageText {

    private MessageText() {
    }

    public static @NotNull String of(final @NotNull ChatMessage message) {
        if (message.text().isPresent()) {
            return message.text().get();
        }
        return message.change().map(change -> describe(message.senderUserId(), change)).orElse("");
    }

    static @NotNull String describe(final @NotNull String by, final @NotNull GroupChange change) {
        final String users = String.join(", ", change.userIds());
        switch (change.kind()) {
            case CREATED:
                return by + " created the group" + change.name().map(n -> " \"" + n + "\"").orElse("");
            case MEMBERS_ADDED:
                return by + " added " + users;
            case MEMBERS_REMOVED:
                return by + " removed " + users;
            case MEMBER_LEFT:
                return by + " left";
            case RENAMED:
                return by + " renamed the group" + change.name().map(n -> " to \"" + n + "\"").orElse("");
            case ROLE_CHANGED:
                return by + " changed the role of " + users;
            default:
                return by + " changed the group";
        }
    }
}
