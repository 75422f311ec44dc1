package io.missive.chat;

import io.missive.protocol.Ids;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CompletionException;

/**
 * The interactive part: reads typed lines, sends and pages history through the client, and prints
 * incoming messages as {@code [conversation #seq] sender: text}. Printing is serialised so that
 * lines from the delivery thread and the input thread never interleave mid-line.
 */
final class ChatConsole {

    static final @NotNull String HELP = String.join(System.lineSeparator(),
            "  @bob hello      send to bob (bob becomes the current peer)",
            "  /to bob         talk to bob; then type plain lines",
            "  hello           send to the current peer (//text sends \"/text\")",
            "  /history [n]    the last n messages with the current peer (default 20)",
            "  /quit           leave");

    private final @NotNull MissiveClient client;
    private final @NotNull PrintStream out;
    private volatile @Nullable String peer;

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
            case SET_PEER:
                peer = command.peer();
                print("* talking to " + peer);
                return true;
            case HISTORY:
                showHistory(command.count());
                return true;
            default:
                send(command);
                return true;
        }
    }

    /** Prints one incoming message; called on the SDK's delivery thread. */
    void onMessage(final @NotNull ChatMessage message) {
        print(format(message));
    }

    void info(final @NotNull String line) {
        print("* " + line);
    }

    void problem(final @NotNull String line) {
        print("! " + line);
    }

    @Nullable String peer() {
        return peer;
    }

    static @NotNull String format(final @NotNull ChatMessage message) {
        return "[" + message.conversationId() + " #" + message.seq() + "] " + message.senderUserId() + ": "
                + message.text().orElse("(content this client cannot show)");
    }

    private void send(final @NotNull ChatCommand command) {
        final String to = command.peer() != null ? command.peer() : peer;
        if (to == null) {
            print("! nobody to send to yet: type @user message, or /to user");
            return;
        }
        peer = to;
        // Success shows up as the message itself, echoed on the user's sync stream.
        client.sendText(to, command.text()).whenComplete((receipt, failure) -> {
            if (failure != null) {
                print("! not sent to " + to + ": " + describe(failure));
            }
        });
    }

    private void showHistory(final int count) {
        final String with = peer;
        if (with == null) {
            print("! no current peer: use /to user first");
            return;
        }
        final String conversation = Ids.directConversation(client.userId(), with);
        try {
            final HistoryPage page = client.history(conversation, HistoryQuery.latest(count)).join();
            final StringBuilder text = new StringBuilder("-- last " + page.messages().size() + " with " + with
                    + (page.hasMore() ? " (older ones exist)" : "") + " --");
            for (final ChatMessage message : page.messages()) {
                text.append(System.lineSeparator()).append(format(message));
            }
            print(text.append(System.lineSeparator()).append("--").toString());
        } catch (final CompletionException e) {
            print("! history failed: " + describe(e.getCause() != null ? e.getCause() : e));
        }
    }

    private static @NotNull String describe(final @NotNull Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return cause instanceof MissiveException ? cause.getMessage() : String.valueOf(cause);
    }

    private void print(final @NotNull String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
