package io.missive.chat;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.MissiveException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChatConsoleTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StubClient client = new StubClient("alice", "alice-laptop");
    private ChatConsole console;

    @BeforeEach
    void setUp() {
        console = new ChatConsole(client, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ChatMessage message(final long seq, final String sender, final String text) {
        return ChatMessage.builder().conversationId("dm:alice:bob").seq(seq).messageId("m" + seq)
                .senderUserId(sender).senderDeviceId(sender + "-phone").clientMsgId("c" + seq)
                .serverTime(Instant.EPOCH).text(text).build();
    }

    @Test
    void incoming_messages_print_as_conversation_seq_sender_text() {
        console.onMessage(message(7, "bob", "hello there"));

        assertThat(output()).isEqualTo("[dm:alice:bob #7] bob: hello there" + System.lineSeparator());
    }

    @Test
    void at_user_sends_and_then_plain_lines_go_to_the_same_peer() {
        console.handle("@bob hello there");
        console.handle("and more");

        assertThat(client.sent).containsExactly("bob:hello there", "bob:and more");
        assertThat(console.peer()).isEqualTo("bob");
    }

    @Test
    void a_plain_line_without_a_peer_is_not_sent() {
        console.handle("hello?");

        assertThat(client.sent).isEmpty();
        assertThat(output()).contains("nobody to send to yet");
    }

    @Test
    void a_failed_send_is_reported() {
        client.sendFailure = new MissiveException(ErrorCode.NOT_FOUND, "no such user");

        console.handle("@zed hi");

        assertThat(output()).contains("! not sent to zed: NOT_FOUND: no such user");
    }

    @Test
    void history_shows_the_last_messages_with_the_current_peer() {
        client.page = HistoryPage.of("dm:alice:bob",
                List.of(message(4, "alice", "four"), message(5, "bob", "five")), true, 5);
        console.handle("/to bob");

        console.handle("/history 2");

        assertThat(client.historyRequests).containsExactly("dm:alice:bob BEFORE 0 limit 2");
        assertThat(output()).contains("-- last 2 with bob (older ones exist) --",
                "[dm:alice:bob #4] alice: four", "[dm:alice:bob #5] bob: five");
    }

    @Test
    void history_without_a_peer_asks_for_one() {
        console.handle("/history");

        assertThat(client.historyRequests).isEmpty();
        assertThat(output()).contains("use /to user first");
    }

    @Test
    void input_ends_at_quit() throws Exception {
        console.run(new BufferedReader(new StringReader("@bob one\n/quit\n@bob never\n")));

        assertThat(client.sent).containsExactly("bob:one");
    }
}
