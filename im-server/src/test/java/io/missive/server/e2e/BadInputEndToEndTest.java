package io.missive.server.e2e;

import io.missive.protocol.Ids;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of bad input gets a clear answer (a reason code, and an Error on the reply topic
 * where there is one) and changes nothing.
 */
@EndToEnd
class BadInputEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c.set("limits.max-payload-bytes", "1024"));

    private RawDevice alice;
    private RawDevice bob;
    private String conversation;

    @BeforeEach
    void connect() throws Exception {
        final String aliceId = SERVER.createUser("alice");
        final String bobId = SERVER.createUser("bob");
        alice = RawDevice.connect(SERVER.mqttUri(), aliceId, aliceId + "-phone", SERVER.password(aliceId));
        bob = RawDevice.connect(SERVER.mqttUri(), bobId, bobId + "-phone", SERVER.password(bobId));
        conversation = Ids.directConversation(aliceId, bobId);
    }

    @AfterEach
    void close() {
        alice.close();
        bob.close();
    }

    private static byte[] send(final String clientMsgId, final String to, final String text) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId(clientMsgId).setToUserId(to)
                .setContent(Content.newBuilder().setText(text))).build().toByteArray();
    }

    private long storedMessages() {
        return SERVER.stores().messages().latestSeq(conversation).join();
    }

    @Test
    void malformed_protobuf_is_refused_with_payload_format_invalid() throws Exception {
        assertThat(alice.request(new byte[]{(byte) 0xff, 0x01, 0x02, 0x03})).isEqualTo(0x99);
        final Reply reply = alice.nextReply();
        assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(storedMessages()).isZero();
        assertThat(alice.client.isConnected()).isTrue();
    }

    @Test
    void oversize_payload_is_refused_and_nothing_is_stored() throws Exception {
        assertThat(alice.request(send("big-1", bob.userId, "x".repeat(2000)))).isEqualTo(0x97);
        final Reply reply = alice.nextReply();
        assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(reply.getError().getMessage()).contains("1024");
        assertThat(storedMessages()).isZero();
        assertThat(bob.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void an_uplink_without_a_known_request_is_refused() throws Exception {
        assertThat(alice.request(Uplink.getDefaultInstance().toByteArray())).isEqualTo(0x83);
        assertThat(alice.nextReply().getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_REQUEST);
        // a field number from a future protocol version: parsed as unknown, still no request
        assertThat(alice.request(new byte[]{(byte) 0xfa, 0x06, 0x01, 0x41})).isEqualTo(0x83);
        assertThat(alice.nextReply().getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_REQUEST);
    }

    @Test
    void invalid_fields_are_named() throws Exception {
        assertThat(alice.request(send("bad id with spaces", bob.userId, "hi"))).isEqualTo(0x83);
        assertThat(alice.nextReply().getError()).satisfies(e -> {
            assertThat(e.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("client_msg_id");
        });
        assertThat(alice.request(send("ok-1", bob.userId, ""))).isEqualTo(0x83);
        assertThat(alice.nextReply().getError().getMessage()).contains("content.text");
        assertThat(alice.request(send("ok-2", "nobody-" + System.nanoTime(), "hi"))).isEqualTo(0x83);
        assertThat(alice.nextReply().getError().getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(storedMessages()).isZero();
    }

    @Test
    void publishing_to_another_users_topics_is_refused_and_reaches_nobody() throws Exception {
        final int code = alice.publish(Topics.uplink(bob.userId, bob.deviceId), send("spoof-1", alice.userId, "as bob"),
                null, null);
        assertThat(code).isEqualTo(0x87);
        await().atMost(Duration.ofSeconds(5)).until(() -> !alice.client.isConnected());
        assertThat(alice.disconnect.getReturnCode()).isEqualTo(0x87);
        assertThat(bob.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(storedMessages()).isZero();
    }

    @Test
    void publishing_directly_into_a_users_stream_is_refused() throws Exception {
        assertThat(alice.publish(Topics.userStream(bob.userId), new byte[]{1}, null, null)).isEqualTo(0x87);
        assertThat(bob.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void subscribing_to_foreign_or_uplink_or_wildcard_topics_is_refused() throws Exception {
        assertThat(alice.subscribe(Topics.userStream(bob.userId)).reasonCode).isEqualTo(0x87);
        assertThat(alice.subscribe(Topics.deviceReplies(bob.userId, bob.deviceId)).reasonCode).isEqualTo(0x87);
        assertThat(alice.subscribe(Topics.uplink(alice.userId, alice.deviceId)).reasonCode).isEqualTo(0x87);
        assertThat(alice.subscribe(Topics.uplink(bob.userId, bob.deviceId)).reasonCode).isEqualTo(0x87);
        assertThat(alice.subscribe("im/#").reasonCode).isEqualTo(0x87);
        assertThat(alice.subscribe("#").reasonCode).isEqualTo(0x87);
        assertThat(alice.subscribe("$share/g/" + Topics.userStream(alice.userId)).reasonCode).isEqualTo(0x87);

        assertThat(bob.request(send("c-1", alice.userId, "hello"))).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> !alice.events.isEmpty());
        assertThat(alice.foreign).isEmpty();
    }

    @Test
    void a_response_topic_of_another_device_is_refused() throws Exception {
        final int code = alice.publish(Topics.uplink(alice.userId, alice.deviceId), send("rt-1", bob.userId, "hi"),
                Topics.deviceReplies(bob.userId, bob.deviceId), new byte[]{1});
        assertThat(code).isEqualTo(0x87);
        assertThat(alice.nextReply().getError().getCode()).isEqualTo(ErrorCode.NOT_AUTHORIZED);
        assertThat(bob.replies.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(storedMessages()).isZero();
    }

    @Test
    void the_sender_is_the_authenticated_device_whatever_the_payload_says() throws Exception {
        // The schema has no sender field; a payload cannot name one. Extra bytes that a forged
        // client might append (field 4 of Message = sender_user_id) are unknown fields of
        // SendMessage and are ignored.
        final byte[] forged = Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("f-1")
                        .setToUserId(bob.userId).setContent(Content.newBuilder().setText("who am I"))
                        .setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                                .addField(40, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                                        .addLengthDelimited(com.google.protobuf.ByteString.copyFromUtf8(bob.userId))
                                        .build()).build()))
                .build().toByteArray();
        assertThat(alice.request(forged)).isZero();
        final var event = bob.events.poll(10, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.getMessage().getSenderUserId()).isEqualTo(alice.userId);
        assertThat(event.getMessage().getSenderDeviceId()).isEqualTo(alice.deviceId);
    }

    @Test
    void a_non_member_can_neither_read_nor_write_a_conversation() throws Exception {
        assertThat(alice.request(send("m-1", bob.userId, "private"))).isZero();
        final String carolId = SERVER.createUser("carol");
        try (RawDevice carol = RawDevice.connect(SERVER.mqttUri(), carolId, carolId + "-phone",
                SERVER.password(carolId))) {
            assertThat(carol.request(Uplink.newBuilder().setHistory(HistoryRequest.newBuilder()
                    .setConversationId(conversation)).build().toByteArray())).isEqualTo(0x87);
            assertThat(carol.nextReply().getError().getCode()).isEqualTo(ErrorCode.NOT_A_MEMBER);
            assertThat(carol.request(Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("x-1")
                    .setConversationId(conversation).setContent(Content.newBuilder().setText("intrude")))
                    .build().toByteArray())).isEqualTo(0x87);
            assertThat(carol.nextReply().getError().getCode()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        }
        assertThat(storedMessages()).isEqualTo(1);
    }
}
