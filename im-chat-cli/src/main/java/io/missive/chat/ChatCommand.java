package io.missive.chat;

import io.missive.protocol.Ids;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * One typed line:
 * <ul>
 *   <li>{@code @bob hello there}: send to bob (bob becomes the current peer); {@code @bob} alone
 *       only makes bob the current peer</li>
 *   <li>{@code /to bob}: make bob the current peer</li>
 *   <li>{@code hello}: send to the current peer; {@code //text} sends "/text"</li>
 *   <li>{@code /history [n]}: the last n (default 20, at most 100) messages with the current peer</li>
 *   <li>{@code /help}, {@code /quit}</li>
 * </ul>
 */
final class ChatCommand {

    static final int DEFAULT_HISTORY = 20;
    static final int MAX_HISTORY = 100;

    enum Kind { SEND, SET_PEER, HISTORY, HELP, QUIT, NOTHING, INVALID }

    private final @NotNull Kind kind;
    private final @Nullable String peer;
    private final @NotNull String text;
    private final int count;

    private ChatCommand(final @NotNull Kind kind, final @Nullable String peer, final @NotNull String text,
                        final int count) {
        this.kind = kind;
        this.peer = peer;
        this.text = text;
        this.count = count;
    }

    static @NotNull ChatCommand parse(final @NotNull String line) {
        final String trimmed = line.trim();
        if (trimmed.isEmpty()) {
            return new ChatCommand(Kind.NOTHING, null, "", 0);
        }
        if (trimmed.startsWith("//")) {
            return new ChatCommand(Kind.SEND, null, trimmed.substring(1), 0);
        }
        if (trimmed.startsWith("@")) {
            return addressed(trimmed.substring(1));
        }
        if (trimmed.startsWith("/")) {
            return slash(trimmed);
        }
        return new ChatCommand(Kind.SEND, null, trimmed, 0);
    }

    private static @NotNull ChatCommand addressed(final @NotNull String rest) {
        final String[] parts = rest.split("\\s+", 2);
        if (!Ids.isValidUserId(parts[0])) {
            return invalid("not a valid user id: @" + parts[0]);
        }
        if (parts.length == 1 || parts[1].isEmpty()) {
            return new ChatCommand(Kind.SET_PEER, parts[0], "", 0);
        }
        return new ChatCommand(Kind.SEND, parts[0], parts[1], 0);
    }

    private static @NotNull ChatCommand slash(final @NotNull String line) {
        final String[] parts = line.split("\\s+");
        switch (parts[0]) {
            case "/quit":
            case "/exit":
                return new ChatCommand(Kind.QUIT, null, "", 0);
            case "/help":
                return new ChatCommand(Kind.HELP, null, "", 0);
            case "/to":
                if (parts.length != 2 || !Ids.isValidUserId(parts[1])) {
                    return invalid("usage: /to <user>");
                }
                return new ChatCommand(Kind.SET_PEER, parts[1], "", 0);
            case "/history":
                return history(parts);
            default:
                return invalid("unknown command " + parts[0] + " (/help lists the commands)");
        }
    }

    private static @NotNull ChatCommand history(final @NotNull String[] parts) {
        if (parts.length == 1) {
            return new ChatCommand(Kind.HISTORY, null, "", DEFAULT_HISTORY);
        }
        try {
            final int count = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
            if (count >= 1 && count <= MAX_HISTORY) {
                return new ChatCommand(Kind.HISTORY, null, "", count);
            }
        } catch (final NumberFormatException e) {
            // falls through to the usage message
        }
        return invalid("usage: /history [n], n from 1 to " + MAX_HISTORY);
    }

    private static @NotNull ChatCommand invalid(final @NotNull String problem) {
        return new ChatCommand(Kind.INVALID, null, problem, 0);
    }

    @NotNull Kind kind() {
        return kind;
    }

    /** @return the addressed user, null when the line uses the current peer */
    @Nullable String peer() {
        return peer;
    }

    /** @return the message text for SEND, the problem for INVALID, else empty */
    @NotNull String text() {
        return text;
    }

    /** @return how many messages HISTORY shows */
    int count() {
        return count;
    }
}
