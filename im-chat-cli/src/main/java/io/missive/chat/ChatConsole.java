package io.missive.chat;

import io.missive.protocol.Ids;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.GroupChange;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.Member;
import io.missive.sdk.MemberPage;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.PushRegistration;
import io.missive.sdk.Role;
import io.missive.sdk.SendReceipt;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The interactive part: reads typed lines, sends, pages history, manages groups and shows the
 * conversation list through the client, and prints incoming messages as
 * {@code [conversation #seq] sender: text} (group events as {@code [conversation #seq] alice added bob}).
 * Printing is serialised so that lines from the delivery thread and the input thread never
 * interleave mid-line; a multi-line answer is printed in one piece.
 *
 * <p>The current target is a user (1:1 messages) or a group conversation id ("g:..."). Group
 * changes that succeed are not confirmed separately: they show up as the group event, which every
 * member receives, the one who made the change included.
 */
final class ChatConsole {

    static final @NotNull String HELP = String.join(System.lineSeparator(),
            "  @bob hello             send to bob (bob becomes the current target; @g:<id> hello for a group)",
            "  /to bob                talk to bob; then type plain lines",
            "  /to g:<id>             talk in a group",
            "  hello                  send to the current target (//text sends \"/text\")",
            "  /history [n]           the last n messages with the current target (default 20)",
            "  /group NAME [user...]  create a group with these members and talk in it",
            "                         (NAME is one word or \"in double quotes\")",
            "  /add user...           add members to the current group",
            "  /remove user...        remove members from the current group",
            "  /rename NAME           rename the current group",
            "  /members               list the current group's members",
            "  /leave                 leave the current group",
            "  /list [n]              your conversations, most recent first (default 20)",
            "  /mute, /unmute         mute or unmute the current target's conversation",
            "  /push <hex-token> <bundle-id> [sandbox]",
            "                         register this device for iOS push notifications (APNs)",
            "  /unpush                remove this device's push registration",
            "  /quit                  exit");

    /** How many members /members shows at most (one page). */
    static final int MAX_MEMBERS_SHOWN = MemberPage.MAX_LIMIT;
    /** How many characters of the last message /list shows. */
    static final int PREVIEW_CHARS = 40;

    private final @NotNull MissiveClient client;
    private final @NotNull PrintStream out;
    private final @NotNull AtomicReference<String> target = new AtomicReference<>();

    ChatConsole(final @NotNull MissiveClient client, final @NotNull PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** Reads lines until /quit or end of input. */
    void run(final @NotNull BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (!handle(line)) {
                return;
            }
        }
    }

    /** @return false when the user asked to quit */
    boolean handle(final @NotNull String line) {
        final ChatCommand command = ChatCommand.parse(line);
        switch (command.kind()) {
            case QUIT:
                return false;
            case NOTHING:
                return true;
            case HELP:
                print(HELP);
                return true;
            case INVALID:
                print("! " + command.text());
                return true;
            case SET_TARGET:
                target.set(command.target());
                print("* talking to " + command.target());
                return true;
            case HISTORY:
                showHistory(command.count());
                return true;
            case CREATE_GROUP:
                createGroup(command.text(), command.users());
                return true;
            case ADD_MEMBERS:
                addMembers(command.users());
                return true;
            case REMOVE_MEMBERS:
                removeMembers(command.users());
                return true;
            case LEAVE:
                leave();
                return true;
            case RENAME:
                rename(command.text());
                return true;
            case MEMBERS:
                showMembers();
                return true;
            case LIST:
                showList(command.count());
                return true;
            case MUTE:
                setMuted(true);
                return true;
            case UNMUTE:
                setMuted(false);
                return true;
            case PUSH:
                registerPush(command.text(), command.topic(), command.sandbox());
                return true;
            case UNPUSH:
                unregisterPush();
                return true;
            default:
                send(command);
                return true;
        }
    }

    /** Prints one incoming message or group event; called on the SDK's delivery thread. */
    void onMessage(final @NotNull ChatMessage message) {
        print(format(message));
    }

    void info(final @NotNull String line) {
        print("* " + line);
    }

    void problem(final @NotNull String line) {
        print("! " + line);
    }

    /** @return the current target: a user id, a group conversation id, or null for none yet */
    @Nullable String target() {
        return target.get();
    }

    static @NotNull String format(final @NotNull ChatMessage message) {
        return "[" + message.conversationId() + " #" + message.seq() + "] " + body(message);
    }

    /** @return "sender: text", or the group event in words ("alice added bob, carol") */
    static @NotNull String body(final @NotNull ChatMessage message) {
        final Optional<GroupChange> change = message.change();
        if (change.isPresent()) {
            return changeText(message.senderUserId(), change.get());
        }
        return message.senderUserId() + ": " + message.text().orElse("(content this client cannot show)");
    }

    /** @return a group event in words, e.g. {@code alice created "Trip" with bob, carol} */
    static @NotNull String changeText(final @NotNull String sender, final @NotNull GroupChange change) {
        final List<String> users = change.userIds();
        final String who = users.isEmpty() ? sender : String.join(", ", users);
        switch (change.kind()) {
            case CREATED: {
                final List<String> others = users.stream().filter(u -> !u.equals(sender))
                        .collect(Collectors.toList());
                return sender + " created " + change.name().map(ChatConsole::quoted).orElse("a group")
                        + (others.isEmpty() ? "" : " with " + String.join(", ", others));
            }
            case MEMBERS_ADDED:
                return sender + " added " + who;
            case MEMBERS_REMOVED:
                return sender + " removed " + who;
            case MEMBER_LEFT:
                return who + " left" + change.newOwnerUserId().map(o -> "; " + o + " is the owner now").orElse("");
            case RENAMED:
                return sender + " renamed the group" + change.name().map(n -> " to " + quoted(n)).orElse("");
            case ROLE_CHANGED:
                return sender + roleChange(change, who);
            default:
                return sender + " changed the group";
        }
    }

    private static @NotNull String roleChange(final @NotNull GroupChange change, final @NotNull String who) {
        final Optional<Role> role = change.role();
        if (role.isEmpty()) {
            return change.newOwnerUserId().map(o -> " made " + o + " the owner")
                    .orElse(" changed the role of " + who);
        }
        final boolean one = change.userIds().size() <= 1;
        switch (role.get()) {
            case OWNER:
                return " made " + change.newOwnerUserId().orElse(who) + " the owner";
            case ADMIN:
                return " made " + who + (one ? " an admin" : " admins");
            default:
                return " made " + who + (one ? " a plain member" : " plain members");
        }
    }

    private static @NotNull String quoted(final @NotNull String name) {
        return "\"" + name + "\"";
    }

    /** @return the message on one line, cut to {@link #PREVIEW_CHARS} characters */
    static @NotNull String preview(final @NotNull ChatMessage message) {
        final String line = body(message).replaceAll("\\s+", " ").trim();
        if (line.codePointCount(0, line.length()) <= PREVIEW_CHARS) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, PREVIEW_CHARS - 3)).stripTrailing() + "...";
    }

    /** @return one row of /list: id, name, latest seq, muted and label when set, preview */
    static @NotNull String formatSummary(final @NotNull ConversationSummary summary) {
        final StringBuilder row = new StringBuilder(summary.conversationId())
                .append("  ").append(quoted(summary.name()))
                .append("  #").append(summary.latestSeq());
        if (summary.muted()) {
            row.append("  muted");
        }
        if (!summary.label().isEmpty()) {
            row.append("  label ").append(quoted(summary.label()));
        }
        row.append("  ").append(summary.lastMessage().map(ChatConsole::preview).orElse("(no messages yet)"));
        return row.toString();
    }

    private void send(final @NotNull ChatCommand command) {
        final String to = command.target() != null ? command.target() : target.get();
        if (to == null) {
            print("! nobody to send to yet: type @user message, or /to user (or /to g:<group id>)");
            return;
        }
        target.set(to);
        final Supplier<CompletableFuture<SendReceipt>> sending = Ids.isGroupConversation(to)
                ? () -> client.send(OutgoingMessage.toConversation(to).text(command.text()).build())
                : () -> client.sendText(to, command.text());
        // Success shows up as the message itself, echoed on the user's sync stream (or the group's delivery).
        call(sending).whenComplete((receipt, failure) -> {
            if (failure != null) {
                print("! not sent to " + to + ": " + describe(failure));
            }
        });
    }

    private void showHistory(final int count) {
        final String with = target.get();
        if (with == null) {
            print("! no current target: use /to user (or /to g:<group id>) first");
            return;
        }
        final String conversation = conversationOf(with);
        try {
            final HistoryPage page = client.history(conversation, HistoryQuery.latest(count)).join();
            final StringBuilder text = new StringBuilder("-- last " + page.messages().size()
                    + (Ids.isGroupConversation(with) ? " in " : " with ") + with
                    + (page.hasMore() ? " (older ones exist)" : "") + " --");
            for (final ChatMessage message : page.messages()) {
                text.append(System.lineSeparator()).append(format(message));
            }
            print(text.append(System.lineSeparator()).append("--").toString());
        } catch (final CompletionException e) {
            print("! history failed: " + describe(e.getCause() != null ? e.getCause() : e));
        }
    }

    private void createGroup(final @NotNull String name, final @NotNull List<String> users) {
        call(() -> client.createGroup(name, users, false)).whenComplete((group, failure) -> {
            if (failure != null) {
                print("! group not created: " + describe(failure));
                return;
            }
            target.set(group.conversationId());
            print("* created group " + quoted(group.name()) + " " + group.conversationId() + " ("
                    + group.memberCount() + (group.memberCount() == 1 ? " member" : " members")
                    + "); talking to it now");
        });
    }

    private void addMembers(final @NotNull List<String> users) {
        final String group = currentGroup("/add");
        if (group == null) {
            return;
        }
        call(() -> client.addMembers(group, users)).whenComplete((info, failure) -> {
            if (failure != null) {
                print("! not added to " + group + ": " + describe(failure));
            }
        });
    }

    private void removeMembers(final @NotNull List<String> users) {
        final String group = currentGroup("/remove");
        if (group == null) {
            return;
        }
        if (users.contains(client.userId())) {
            print("! to take yourself out of the group, use /leave");
            return;
        }
        call(() -> client.removeMembers(group, users)).whenComplete((info, failure) -> {
            if (failure != null) {
                print("! not removed from " + group + ": " + describe(failure));
            }
        });
    }

    private void leave() {
        final String group = currentGroup("/leave");
        if (group == null) {
            return;
        }
        call(() -> client.leaveGroup(group)).whenComplete((info, failure) -> {
            if (failure != null) {
                print("! did not leave " + group + ": " + describe(failure));
                return;
            }
            print("* you left " + group
                    + (target.compareAndSet(group, null) ? "; no current target now" : ""));
        });
    }

    private void rename(final @NotNull String name) {
        final String group = currentGroup("/rename");
        if (group == null) {
            return;
        }
        call(() -> client.renameGroup(group, name)).whenComplete((info, failure) -> {
            if (failure != null) {
                print("! " + group + " not renamed: " + describe(failure));
            }
        });
    }

    private void showMembers() {
        final String group = currentGroup("/members");
        if (group == null) {
            return;
        }
        call(() -> client.listMembers(group, null, MAX_MEMBERS_SHOWN)).whenComplete((page, failure) -> {
            if (failure != null) {
                print("! members of " + group + " not listed: " + describe(failure));
                return;
            }
            final int shown = page.members().size();
            final StringBuilder text = new StringBuilder(page.hasMore()
                    ? "-- first " + shown + " members of " + group + " (more exist) --"
                    : "-- " + shown + (shown == 1 ? " member of " : " members of ") + group + " --");
            for (final Member member : page.members()) {
                text.append(System.lineSeparator()).append("  ").append(member.userId());
                if (member.role() != Role.MEMBER) {
                    text.append(" (").append(member.role().name().toLowerCase(Locale.ROOT)).append(')');
                }
            }
            print(text.append(System.lineSeparator()).append("--").toString());
        });
    }

    private void showList(final int count) {
        call(() -> client.listConversations(null, count)).whenComplete((page, failure) -> {
            if (failure != null) {
                print("! conversation list failed: " + describe(failure));
                return;
            }
            print(formatList(page));
        });
    }

    private static @NotNull String formatList(final @NotNull ConversationPage page) {
        final List<ConversationSummary> rows = page.conversations();
        if (rows.isEmpty()) {
            return "-- no conversations yet --";
        }
        final StringBuilder text = new StringBuilder("-- " + rows.size()
                + (rows.size() == 1 ? " conversation" : " conversations")
                + (page.hasMore() ? " (more exist)" : "") + " --");
        for (final ConversationSummary row : rows) {
            text.append(System.lineSeparator()).append(formatSummary(row));
        }
        return text.append(System.lineSeparator()).append("--").toString();
    }

    private void setMuted(final boolean muted) {
        final String with = target.get();
        if (with == null) {
            print("! no current target to " + (muted ? "mute" : "unmute")
                    + ": use /to user (or /to g:<group id>) first");
            return;
        }
        final String conversation = conversationOf(with);
        call(() -> client.updateConversationSettings(conversation, muted, null)).whenComplete((settings, failure) -> {
            if (failure != null) {
                print("! " + conversation + " not " + (muted ? "muted" : "unmuted") + ": " + describe(failure));
                return;
            }
            print("* " + (settings.muted() ? "muted " : "unmuted ") + settings.conversationId());
        });
    }

    private void registerPush(final @NotNull String apnsToken, final @NotNull String topic, final boolean sandbox) {
        call(() -> client.registerPush(apnsToken, topic, sandbox)).whenComplete((push, failure) -> {
            if (failure != null) {
                print("! push not registered: " + describe(failure));
                return;
            }
            print("* " + formatPush(push));
        });
    }

    private void unregisterPush() {
        call(client::unregisterPush).whenComplete((push, failure) -> {
            if (failure != null) {
                print("! push registration not removed: " + describe(failure));
                return;
            }
            print("* " + formatPush(push));
        });
    }

    /** @return the device's push registration in words */
    static @NotNull String formatPush(final @NotNull PushRegistration push) {
        if (!push.registered()) {
            return "push notifications off: this device has no push registration";
        }
        return "push notifications on for " + push.topic() + " (APNs " + (push.sandbox() ? "sandbox" : "production")
                + ")";
    }

    /** @return the current target when it is a group; else prints why the command needs one and returns null */
    private @Nullable String currentGroup(final @NotNull String command) {
        final String current = target.get();
        if (current != null && Ids.isGroupConversation(current)) {
            return current;
        }
        print("! " + command + " works on a group, and "
                + (current == null ? "there is no current target" : "the current target " + current + " is a user")
                + ": use /to g:<group id>, or create one with /group");
        return null;
    }

    /** @return the conversation of a target: the group itself, or the direct conversation with the user */
    private @NotNull String conversationOf(final @NotNull String with) {
        return Ids.isGroupConversation(with) ? with : Ids.directConversation(client.userId(), with);
    }

    /** Turns an argument the SDK refuses up front into a failed future, reported like any other failure. */
    private static @NotNull <T> CompletableFuture<T> call(final @NotNull Supplier<CompletableFuture<T>> request) {
        try {
            return request.get();
        } catch (final IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static @NotNull String describe(final @NotNull Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return cause instanceof MissiveException || cause instanceof IllegalArgumentException
                ? cause.getMessage()
                : String.valueOf(cause);
    }

    private void print(final @NotNull String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
