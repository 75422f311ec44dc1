package io.missive.server.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.GroupInfo;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The link policy against the real server: a deny list file (changed while the server runs) and an
 * HTTP link checker that refuses one domain and never answers for another (fail-open). A refused
 * send gets PUBACK 0x83 and LINK_REFUSED naming the domain, and nothing of it is stored.
 */
@EndToEnd
class LinkPolicyEndToEndTest {

    /** The deny list file the server reads (re-read when it changes). */
    private static final Path DENY_FILE = denyFile("# phishing\ndenied.example.com\n");
    /** The link checker: refuses refused-by-checker.example.net, never answers about slow.example.org. */
    private static final Checker CHECKER = new Checker();

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c
            .set("links.deny-file", DENY_FILE.toString())
            .set("links.checker-url", CHECKER.url())
            .set("links.checker-timeout-ms", "1500")
            .set("links.checker-fail", "open"));

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        for (final AutoCloseable c : closing) {
            c.close();
        }
    }

    @AfterAll
    static void stopChecker() throws IOException {
        CHECKER.close();
        Files.deleteIfExists(DENY_FILE);
    }

    @Test
    void a_direct_message_with_a_denied_link_is_refused_naming_the_domain_and_not_stored() throws Exception {
        final RawDevice ann = device("ann");
        final String bo = SERVER.createUser("bo");

        final Reply refused = send(ann, direct(bo, "denied-1", "look at https://user@WWW.Denied.example.com:8443/x"),
                0x83);

        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.LINK_REFUSED);
        assertThat(refused.getError().getMessage()).contains("'www.denied.example.com'");
        assertThat(refused.getError().getClientMsgId()).isEqualTo("denied-1");
        // nothing was stored: the next message takes seq 1, and the history holds it alone
        assertThat(send(ann, direct(bo, "plain-1", "no link, e.g. version 1.5"), 0).getSendAck().getSeq())
                .isEqualTo(1);
        assertThat(history(ann, Ids.directConversation(ann.userId, bo))).extracting(Message::getClientMsgId)
                .containsExactly("plain-1");
    }

    @Test
    void a_group_message_with_a_denied_link_is_refused_and_not_stored() throws Exception {
        final RawDevice cy = device("cy");
        final RawDevice di = device("di");
        final GroupInfo group = GroupEndToEndTest.create(cy, "create-links", "Links", di);

        final Reply refused = send(cy, toGroup(group, "g-denied", "see sub.denied.example.com."), 0x83);

        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.LINK_REFUSED);
        assertThat(refused.getError().getMessage()).contains("'sub.denied.example.com'");
        assertThat(send(cy, toGroup(group, "g-allowed", "see https://fine.example.org/"), 0).hasSendAck()).isTrue();
        assertThat(history(di, group.getConversationId())).extracting(Message::getClientMsgId)
                .contains("g-allowed").doesNotContain("g-denied");
    }

    @Test
    void messages_with_an_allowed_link_or_none_are_delivered_and_a_denied_one_fails_in_the_sdk() {
        final String eve = SERVER.createUser("eve");
        final String fay = SERVER.createUser("fay");
        final List<ChatMessage> inbox = Devices.inbox();
        final MissiveClient sender = client(eve);
        final MissiveClient receiver = client(fay);
        receiver.addMessageListener(inbox::add);
        sender.connect().join();
        receiver.connect().join();
        final int checksBefore = CHECKER.requests.size();

        sender.sendText(fay, "plain words, i.e. no link at 3.50").join();
        assertThat(CHECKER.requests).as("a text without links is never checked").hasSize(checksBefore);
        sender.sendText(fay, "read https://fine.example.org/news").join();
        final Throwable denied = catchThrowable(() -> sender.sendText(fay, "denied.example.com!").join());

        assertThat(denied).isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(
                MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(io.missive.sdk.ErrorCode.LINK_REFUSED);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage()).contains("denied.example.com");
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() >= 2);
        assertThat(inbox).extracting(m -> m.text().orElse(""))
                .containsExactly("plain words, i.e. no link at 3.50", "read https://fine.example.org/news");
    }

    @Test
    void a_domain_added_to_the_deny_file_while_the_server_runs_is_refused_and_allowed_once_taken_off() throws Exception {
        final RawDevice gus = device("gus");
        final String hal = SERVER.createUser("hal");
        assertThat(send(gus, direct(hal, "later-before", "later.example.com"), 0).hasSendAck()).isTrue();

        Files.writeString(DENY_FILE, "# phishing\ndenied.example.com\nlater.example.com  # added\n");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            final Reply reply = send(gus, direct(hal, "later-" + ids.incrementAndGet(), "www.later.example.com"), -1);
            return reply.hasError() && reply.getError().getCode() == ErrorCode.LINK_REFUSED
                    && reply.getError().getMessage().contains("'www.later.example.com'");
        });
        assertThat(send(gus, direct(hal, "later-other", "example.com is fine"), 0).hasSendAck()).isTrue();

        // taken off the list again, the domain is allowed once the file is re-read
        Files.writeString(DENY_FILE, "# phishing\ndenied.example.com\n");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() ->
                send(gus, direct(hal, "later-" + ids.incrementAndGet(), "www.later.example.com"), -1).hasSendAck());
    }

    @Test
    void the_checker_refuses_a_domain() throws Exception {
        final RawDevice ida = device("ida");
        final String jo = SERVER.createUser("jo");

        final Reply refused = send(ida, direct(jo, "checked-1",
                "https://fine.example.org and http://refused-by-checker.example.net/x"), 0x83);

        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.LINK_REFUSED);
        assertThat(refused.getError().getMessage()).contains("'refused-by-checker.example.net'");
        assertThat(CHECKER.requests).contains("{\"domains\":[\"fine.example.org\",\"refused-by-checker.example.net\"]}");
        assertThat(history(ida, Ids.directConversation(ida.userId, jo))).isEmpty();
    }

    @Test
    void a_checker_that_does_not_answer_in_time_lets_the_message_through() throws Exception {
        final RawDevice kim = device("kim");
        final RawDevice lu = device("lu");
        final int silentBefore = CHECKER.held.size();

        final Reply ack = send(kim, direct(lu.userId, "slow-1", "see https://slow.example.org/"), 0);

        assertThat(ack.getSendAck().getSeq()).isEqualTo(1);
        assertThat(CHECKER.held).as("the checker was asked and kept silent").hasSize(silentBefore + 1);
        assertThat(history(lu, Ids.directConversation(kim.userId, lu.userId))).extracting(Message::getClientMsgId)
                .containsExactly("slow-1");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private RawDevice device(final String prefix) throws Exception {
        final String user = SERVER.createUser(prefix);
        final RawDevice device = RawDevice.connect(SERVER.mqttUri(), user, user + "-phone", SERVER.password(user));
        closing.add(device);
        return device;
    }

    private MissiveClient client(final String user) {
        final MissiveClient client = MissiveClient.builder().serverUri(SERVER.mqttUri()).userId(user)
                .deviceId(user + "-phone").password(SERVER.password(user)).build();
        closing.add(() -> client.close().join());
        return client;
    }

    private static Uplink direct(final String to, final String id, final String text) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setToUserId(to).setClientMsgId(id)
                .setContent(Content.newBuilder().setText(text))).build();
    }

    private static Uplink toGroup(final GroupInfo group, final String id, final String text) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setConversationId(group.getConversationId())
                .setClientMsgId(id).setContent(Content.newBuilder().setText(text))).build();
    }

    /** Sends and returns the reply; {@code expectedAck} is the PUBACK reason code expected, -1: any. */
    private static Reply send(final RawDevice device, final Uplink uplink, final int expectedAck) throws Exception {
        final int ack = device.request(uplink.toByteArray());
        if (expectedAck >= 0) {
            assertThat(ack).as("PUBACK reason code").isEqualTo(expectedAck);
        }
        return device.nextReply();
    }

    private static List<Message> history(final RawDevice device, final String conversation) throws Exception {
        final Reply reply = send(device, Uplink.newBuilder().setHistory(HistoryRequest.newBuilder()
                .setConversationId(conversation).setDirection(HistoryRequest.Direction.AFTER).setLimit(100))
                .build(), 0);
        return reply.getHistory().getMessagesList().stream().filter(m -> !m.hasChange()).toList();
    }

    private static Path denyFile(final String content) {
        try {
            final Path file = Files.createTempFile("missive-deny-", ".txt");
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An operator's link checker on 127.0.0.1, as docs/security.md describes the contract. */
    private static final class Checker implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<HttpExchange> held = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Checker() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/check", exchange -> {
                final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(body);
                if (body.contains("slow.example.org")) {
                    held.add(exchange); // never answered: the server's time budget runs out
                    return;
                }
                final byte[] answer = (body.contains("refused-by-checker.example.net")
                        ? "{\"refused\":\"refused-by-checker.example.net\"}" : "{}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/check";
        }

        @Override
        public void close() {
            held.forEach(HttpExchange::close);
            server.stop(0);
        }
    }
}
