package io.missive.chat;

import io.missive.protocol.Ids;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.PushRegistration;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One typed line:
 * <ul>
 *   <li>{@code @bob hello there}: send to bob (bob becomes the current target); {@code @bob} alone
 *       only makes bob the current target; {@code @g:<id> hello} does the same for a group</li>
 *   <li>{@code /to bob}, {@code /to g:<id>}: make a user or a group the current target</li>
 *   <li>{@code hello}: send to the current target; {@code //text} sends "/text"</li>
 *   <li>{@code /history [n]}: the last n (default 20, at most 100) messages with the current target</li>
 *   <li>{@code /group NAME [user...]}: create a group with these members; NAME is one word or a
 *       double-quoted phrase ({@code /group "Trip to Rome" bob carol})</li>
 *   <li>{@code /add user...}, {@code /remove user...}, {@code /leave}, {@code /rename NAME},
 *       {@code /members}: change or show the current group; the name of {@code /rename} is the rest
 *       of the line, with or without double quotes</li>
 *   <li>{@code /list [n]}: the first n (default 20, at most 200) conversations of the list</li>
 *   <li>{@code /mute}, {@code /unmute}: the current target's conversation</li>
 *   <li>{@code /push <hex-token> <bundle-id> [sandbox]}: register this device for APNs push
 *       notifications; {@code /unpush}: remove the registration</li>
 *   <li>{@code /help}, {@code /quit}</li>
 * </ul>
 */
final class ChatCommand {

    static final int DEFAULT_HISTORY = 20;
    static final int MAX_HISTORY = 100;
    static final int DEFAULT_LIST = 20;
    static final int MAX_LIST = ConversationPage.MAX_LIMIT;
    /** The server's limit of a group name, in characters (code points). */
    static final int MAX_GROUP_NAME = 100;

    static final @NotNull String GROUP_USAGE =
            "usage: /group NAME [user...] (quote a name with spaces: /group \"Trip to Rome\" bob carol)";
    static final @NotNull String PUSH_USAGE = "usage: /push <hex-token> <bundle-id> [sandbox]";

    enum Kind {
        SEND, SET_TARGET, HISTORY, CREATE_GROUP, ADD_MEMBERS, REMOVE_MEMBERS, LEAVE, RENAME, MEMBERS, LIST,
        MUTE, UNMUTE, PUSH, UNPUSH, HELP, QUIT, NOTHING, INVALID
    }

    private final @NotNull Kind kind;
    private final @Nullable String target;
    private final @NotNull String text;
    private final int count;
    private final @NotNull List<String> users;
    private final @NotNull String topic;
    private final boolean sandbox;

    private ChatCommand(final @NotNull Kind kind, final @Nullable String target, final @NotNull String text,
                        final int count, final @NotNull List<String> users) {
        this(kind, target, text, count, users, "", false);
    }

    private ChatCommand(final @NotNull Kind kind, final @Nullable String target, final @NotNull String text,
                        final int count, final @NotNull List<String> users, final @NotNull String topic,
                        final boolean sandbox) {
        this.kind = kind;
        this.target = target;
        this.text = text;
        this.count = count;
        this.users = users;
        this.topic = topic;
        this.sandbox = sandbox;
    }

    private static @NotNull ChatCommand of(final @NotNull Kind kind) {
        return new ChatCommand(kind, null, "", 0, List.of());
    }

    static @NotNull ChatCommand parse(final @NotNull String line) {
        final String trimmed = line.trim();
        if (trimmed.isEmpty()) {
            return of(Kind.NOTHING);
        }
        if (trimmed.startsWith("//")) {
            return new ChatCommand(Kind.SEND, null, trimmed.substring(1), 0, List.of());
        }
        if (trimmed.startsWith("@")) {
            return addressed(trimmed.substring(1));
        }
        if (trimmed.startsWith("/")) {
            return slash(trimmed);
        }
        return new ChatCommand(Kind.SEND, null, trimmed, 0, List.of());
    }

    /** @return true for a user id or a group conversation id: what /to and @ accept */
    static boolean isTarget(final @NotNull String id) {
        return Ids.isValidUserId(id) || Ids.isGroupConversation(id);
    }

    private static @NotNull ChatCommand addressed(final @NotNull String rest) {
        final String[] parts = rest.split("\\s+", 2);
        if (!isTarget(parts[0])) {
            return invalid("not a valid user or group id: @" + parts[0]);
        }
        if (parts.length == 1 || parts[1].isEmpty()) {
            return new ChatCommand(Kind.SET_TARGET, parts[0], "", 0, List.of());
        }
        return new ChatCommand(Kind.SEND, parts[0], parts[1], 0, List.of());
    }

    private static @NotNull ChatCommand slash(final @NotNull String line) {
        final String[] split = line.split("\\s+", 2);
        final String word = split[0];
        final String rest = split.length == 2 ? split[1].trim() : "";
        final String[] args = rest.isEmpty() ? new String[0] : rest.split("\\s+");
        switch (word) {
            case "/quit":
            case "/exit":
                return of(Kind.QUIT);
            case "/help":
                return of(Kind.HELP);
            case "/to":
                if (args.length != 1 || !isTarget(args[0])) {
                    return invalid("usage: /to <user> or /to g:<group id>");
                }
                return new ChatCommand(Kind.SET_TARGET, args[0], "", 0, List.of());
            case "/history":
                return counted(Kind.HISTORY, args, DEFAULT_HISTORY, MAX_HISTORY, "/history");
            case "/list":
                return counted(Kind.LIST, args, DEFAULT_LIST, MAX_LIST, "/list");
            case "/group":
                return createGroup(rest);
            case "/add":
                return members(Kind.ADD_MEMBERS, args, "usage: /add user... (adds them to the current group)");
            case "/remove":
                return members(Kind.REMOVE_MEMBERS, args,
                        "usage: /remove user... (removes them from the current group)");
            case "/rename":
                return rename(rest);
            case "/leave":
                return noArguments(Kind.LEAVE, args, "/leave");
            case "/members":
                return noArguments(Kind.MEMBERS, args, "/members");
            case "/mute":
                return noArguments(Kind.MUTE, args, "/mute");
            case "/unmute":
                return noArguments(Kind.UNMUTE, args, "/unmute");
            case "/push":
                return push(args);
            case "/unpush":
                return noArguments(Kind.UNPUSH, args, "/unpush");
            default:
                return invalid("unknown command " + word + " (/help lists the commands)");
        }
    }

    private static @NotNull ChatCommand counted(final @NotNull Kind kind, final @NotNull String[] args,
                                                final int defaultCount, final int max, final @NotNull String name) {
        if (args.length == 0) {
            return new ChatCommand(kind, null, "", defaultCount, List.of());
        }
        try {
            final int count = args.length == 1 ? Integer.parseInt(args[0]) : -1;
            if (count >= 1 && count <= max) {
                return new ChatCommand(kind, null, "", count, List.of());
            }
        } catch (final NumberFormatException e) {
            // falls through to the usage message
        }
        return invalid("usage: " + name + " [n], n from 1 to " + max);
    }

    private static @NotNull ChatCommand noArguments(final @NotNull Kind kind, final @NotNull String[] args,
                                                    final @NotNull String name) {
        return args.length == 0 ? of(kind) : invalid("usage: " + name + " (it takes no arguments)");
    }

    private static @NotNull ChatCommand members(final @NotNull Kind kind, final @NotNull String[] args,
                                                final @NotNull String usage) {
        if (args.length == 0) {
            return invalid(usage);
        }
        final Set<String> users = new LinkedHashSet<>();
        for (final String arg : args) {
            if (!Ids.isValidUserId(arg)) {
                return invalid("not a valid user id: " + arg);
            }
            users.add(arg);
        }
        return new ChatCommand(kind, null, "", 0, List.copyOf(users));
    }

    /** {@code /group NAME [user...]}: NAME is a single word or a double-quoted phrase. */
    private static @NotNull ChatCommand createGroup(final @NotNull String rest) {
        if (rest.isEmpty()) {
            return invalid(GROUP_USAGE);
        }
        final String name;
        final String others;
        if (rest.startsWith("\"")) {
            final int close = rest.indexOf('"', 1);
            if (close < 0) {
                return invalid("the group name has no closing quote; " + GROUP_USAGE);
            }
            name = rest.substring(1, close);
            others = rest.substring(close + 1);
            if (!others.isEmpty() && !Character.isWhitespace(others.charAt(0))) {
                return invalid("put a space after the quoted group name; " + GROUP_USAGE);
            }
        } else {
            final String[] parts = rest.split("\\s+", 2);
            name = parts[0];
            others = parts.length == 2 ? parts[1] : "";
        }
        final String problem = nameProblem(name);
        if (problem != null) {
            return invalid(problem + "; " + GROUP_USAGE);
        }
        final String trimmed = others.trim();
        if (trimmed.isEmpty()) {
            return new ChatCommand(Kind.CREATE_GROUP, null, name, 0, List.of());
        }
        final ChatCommand users = members(Kind.CREATE_GROUP, trimmed.split("\\s+"), GROUP_USAGE);
        if (users.kind() == Kind.INVALID) {
            return users;
        }
        return new ChatCommand(Kind.CREATE_GROUP, null, name, 0, users.users());
    }

    /** {@code /rename NAME}: the rest of the line, without the surrounding double quotes if it has them. */
    private static @NotNull ChatCommand rename(final @NotNull String rest) {
        String name = rest;
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        final String problem = nameProblem(name);
        if (problem != null) {
            return invalid(problem + "; usage: /rename NAME");
        }
        return new ChatCommand(Kind.RENAME, null, name, 0, List.of());
    }

    /** {@code /push <hex-token> <bundle-id> [sandbox]}: checked as the SDK and the server check them. */
    private static @NotNull ChatCommand push(final @NotNull String[] args) {
        if (args.length < 2 || args.length > 3) {
            return invalid(PUSH_USAGE);
        }
        if (args.length == 3 && !args[2].equalsIgnoreCase("sandbox")) {
            return invalid("the third argument of /push can only be \"sandbox\"; " + PUSH_USAGE);
        }
        if (!PushRegistration.isValidApnsToken(args[0])) {
            return invalid("not an APNs device token: " + PushRegistration.MIN_TOKEN_DIGITS + " to "
                    + PushRegistration.MAX_TOKEN_DIGITS + " hex digits, an even count; " + PUSH_USAGE);
        }
        if (!PushRegistration.isValidTopic(args[1])) {
            return invalid("not a bundle id: 1 to " + PushRegistration.MAX_TOPIC_LENGTH
                    + " characters of A-Z a-z 0-9 . _ -; " + PUSH_USAGE);
        }
        return new ChatCommand(Kind.PUSH, null, args[0], 0, List.of(), args[1], args.length == 3);
    }

    private static @Nullable String nameProblem(final @NotNull String name) {
        if (name.isBlank()) {
            return "the group name is empty";
        }
        if (name.codePointCount(0, name.length()) > MAX_GROUP_NAME) {
            return "a group name has at most " + MAX_GROUP_NAME + " characters";
        }
        return null;
    }

    private static @NotNull ChatCommand invalid(final @NotNull String problem) {
        return new ChatCommand(Kind.INVALID, null, problem, 0, List.of());
    }

    @NotNull Kind kind() {
        return kind;
    }

    /**
     * @return the addressed user or group (SEND, SET_TARGET); null when the line uses the current
     *         target
     */
    @Nullable String target() {
        return target;
    }

    /**
     * @return the message text for SEND, the group name for CREATE_GROUP and RENAME, the APNs token
     *         for PUSH, the problem for INVALID, else empty
     */
    @NotNull String text() {
        return text;
    }

    /** @return how many messages HISTORY shows, how many conversations LIST shows */
    int count() {
        return count;
    }

    /** @return the users of CREATE_GROUP (besides oneself), ADD_MEMBERS and REMOVE_MEMBERS, without repeats */
    @NotNull List<String> users() {
        return users;
    }

    /** @return the bundle id (APNs topic) of PUSH, else empty */
    @NotNull String topic() {
        return topic;
    }

    /** @return true when PUSH asked for APNs' sandbox environment */
    boolean sandbox() {
        return sandbox;
    }
}
