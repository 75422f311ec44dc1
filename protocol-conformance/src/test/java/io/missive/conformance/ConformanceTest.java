package io.missive.conformance;

import io.missive.protocol.v1.ErrorCode;
import io.missive.server.EndToEnd;
import io.missive.protocol.v1.HistoryPage;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendAck;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncPage;
import io.missive.protocol.v1.Uplink;
import io.missive.server.TestServer;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every conformance test class shares: the one server, fresh users and their devices (closed
 * after each test), and the assertions on answers. The classes start a real server, so they carry
 * the end-to-end tag (that of {@code io.missive.server.EndToEnd}, inherited): they run in the
 * integration-test phase of {@code mvn verify}.
 */
@Tag(EndToEnd.TAG)
abstract class ConformanceTest {

    @RegisterExtension
    static final SharedServer SHARED = new SharedServer();

    /** PUBACK reason codes. */
    static final int SUCCESS = 0x00;
    static final int IMPLEMENTATION_SPECIFIC_ERROR = 0x83;
    static final int NOT_AUTHORIZED = 0x87;
    static final int QUOTA_EXCEEDED = 0x97;
    static final int PAYLOAD_FORMAT_INVALID = 0x99;

    /** Numbers device ids, client message ids and request ids. */
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final ExecutorService CLOSING = Executors.newCachedThreadPool(runnable -> {
        final Thread thread = new Thread(runnable, "closing-clients");
        thread.setDaemon(true);
        return thread;
    });

    static {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(10));
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
    }

    private final @NotNull List<RawClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClients() {
        // closing a client takes a while of waiting for its threads: close them all at once
        CompletableFuture.allOf(clients.stream().map(client -> CompletableFuture.runAsync(client::close, CLOSING))
                .toArray(CompletableFuture[]::new)).join();
        clients.clear();
    }

    static @NotNull TestServer server() {
        return SHARED.get();
    }

    /** A new user with a unique id made from the prefix; its password is {@code server().password(id)}. */
    static @NotNull String newUser(final @NotNull String prefix) {
        return server().createUser(prefix);
    }

    /** A new device id, bound to nobody yet. */
    static @NotNull String newDeviceId(final @NotNull String userId) {
        return userId + "-d" + SEQUENCE.incrementAndGet();
    }

    /** A new user and one connected device of theirs. */
    @NotNull RawClient connectNewUser(final @NotNull String prefix) {
        return connect(newUser(prefix));
    }

    /** A new device of the user, connected with the password and subscribed to its downlink topics. */
    @NotNull RawClient connect(final @NotNull String userId) {
        return connect(userId, newDeviceId(userId), server().password(userId));
    }

    /**
     * A device of the user, logging in with this secret (password or device token) and subscribing
     * to its downlink topics in the background. Devices of a test connect at the same time; before
     * any of them acts, every one opened so far is connected and subscribed.
     */
    @NotNull RawClient connect(final @NotNull String userId, final @NotNull String deviceId,
                               final @NotNull String secret) {
        final RawClient client = RawClient.connect(server().mqttUri(), userId, deviceId, secret,
                () -> clients.forEach(RawClient::awaitConnected));
        clients.add(client);
        return client;
    }

    // ---- answers -----------------------------------------------------------------------------

    /** The request succeeded: PUBACK 0x00 and a reply that is not an error. */
    static @NotNull Reply ok(final @NotNull Answer answer) {
        assertThat(answer.reasonCode()).as("PUBACK of %s", answer).isEqualTo(SUCCESS);
        assertThat(answer.reply().getBodyCase()).as("reply of %s", answer).isNotEqualTo(Reply.BodyCase.ERROR);
        return answer.reply();
    }

    /** The request was refused with exactly this PUBACK reason code and error code. */
    static void assertRefused(final @NotNull Answer answer, final int reasonCode, final @NotNull ErrorCode code) {
        assertThat(answer.reply().getBodyCase()).as("reply of %s", answer).isEqualTo(Reply.BodyCase.ERROR);
        assertThat(answer.errorCode()).as("error code of %s", answer).isEqualTo(code);
        assertThat(answer.reasonCode()).as("PUBACK of %s", answer).isEqualTo(reasonCode);
    }

    static void assertInvalid(final @NotNull Answer answer) {
        assertRefused(answer, IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.INVALID_ARGUMENT);
    }

    /** INVALID_ARGUMENT, with a message that names the field. */
    static void assertInvalid(final @NotNull Answer answer, final @NotNull String field) {
        assertInvalid(answer);
        assertThat(answer.error().getMessage()).as("message of %s", answer).contains(field);
    }

    /**
     * The request, made on a conversation id the user does not belong to, is refused with
     * NOT_A_MEMBER and PUBACK 0x87, and answered exactly as it is for a group that does not exist
     * (the id itself aside): whether the conversation exists is not revealed.
     */
    static void assertNotAMember(final @NotNull RawClient client, final @NotNull Function<String, Uplink> request,
                                 final @NotNull String conversationId) {
        final Answer answer = client.request(request.apply(conversationId));
        assertRefused(answer, NOT_AUTHORIZED, ErrorCode.NOT_A_MEMBER);
        final String unknown = Strangers.unknownGroup();
        final Answer reference = client.request(request.apply(unknown));
        assertRefused(reference, NOT_AUTHORIZED, ErrorCode.NOT_A_MEMBER);
        assertThat(answer.error().getMessage().replace(conversationId, "<id>"))
                .as("the refusal reveals nothing about %s", conversationId)
                .isEqualTo(reference.error().getMessage().replace(unknown, "<id>"));
    }

    /**
     * {@link #assertNotAMember} for the id of every kind of {@link ForeignConversation}; the kinds
     * whose answer breaks the rule are reported together.
     */
    static void assertNotAMemberOfAnyForeignConversation(final @NotNull RawClient client,
                                                         final @NotNull Function<String, Uplink> request) {
        final Strangers strangers = Strangers.of(server());
        final SoftAssertions softly = new SoftAssertions();
        for (final ForeignConversation foreign : ForeignConversation.values()) {
            softly.check(() -> {
                try {
                    assertNotAMember(client, request, foreign.id(client.userId(), strangers));
                } catch (final AssertionError e) {
                    throw new AssertionError(foreign + ": " + e.getMessage(), e);
                }
            });
        }
        softly.assertAll();
    }

    // ---- common steps ------------------------------------------------------------------------

    static @NotNull SendAck send(final @NotNull RawClient from, final @NotNull String toUserId,
                                 final @NotNull String text) {
        return ok(from.request(Uplinks.send(clientMsgId(), toUserId, text))).getSendAck();
    }

    static @NotNull SendAck sendTo(final @NotNull RawClient from, final @NotNull String conversationId,
                                   final @NotNull String text) {
        return ok(from.request(Uplinks.sendTo(clientMsgId(), conversationId, text))).getSendAck();
    }

    static @NotNull HistoryPage latest(final @NotNull RawClient reader, final @NotNull String conversationId) {
        return ok(reader.request(Uplinks.latest(conversationId))).getHistory();
    }

    static long latestSeq(final @NotNull RawClient reader, final @NotNull String conversationId) {
        return latest(reader, conversationId).getLatestSeq();
    }

    /** A fresh client message id. */
    static @NotNull String clientMsgId() {
        return "c-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
    }

    /** A fresh request id for a group change. */
    static @NotNull String requestId() {
        return "r-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
    }

    /**
     * Asks for the device's stream from the start (a new user's stream is short): the device is then
     * following live, and the user a live receiver of group messages. Returns the page.
     */
    static @NotNull SyncPage follow(final @NotNull RawClient client) {
        return ok(client.request(Uplinks.sync(0, 0))).getSync();
    }

    /**
     * Sends a sentinel message from {@code from} to {@code to}'s user and waits until that device has
     * it: everything the server published to it before the sentinel has arrived by then. Returns
     * the sentinel's sync event.
     */
    static @NotNull SyncEvent sentinel(final @NotNull RawClient from, final @NotNull RawClient to) {
        final SendAck ack = send(from, to.userId(), "sentinel");
        return to.awaitEvent(e -> e.hasMessage() && e.getMessage().getConversationId().equals(ack.getConversationId())
                && e.getMessage().getSeq() == ack.getSeq());
    }
}
