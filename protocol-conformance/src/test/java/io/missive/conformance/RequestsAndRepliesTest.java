package io.missive.conformance;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.missive.protocol.Ids;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendAck;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section "Requests and replies" of docs/protocol.md: how a request is published and answered
 * (PUBACK reason code, one correlated Reply), the refusals every request shares, QoS 0 and 2, order,
 * and the conversation-id rule's case of a direct conversation before its first message.
 */
@Timeout(30)
class RequestsAndRepliesTest extends ConformanceTest {

    /** Response topics other than the device's own reply topic. */
    enum ForeignResponseTopic {
        ANOTHER_USERS_REPLY_TOPIC, ANOTHER_DEVICES_REPLY_TOPIC, THE_USER_TOPIC, ANY_OTHER_TOPIC
    }

    /** The bytes of an Uplink that sets field 1 (send) to these bytes, whatever message they hold. */
    private static byte[] uplinkField1(final byte[] body) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x0A);
        MqttWire.writeVariableInt(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Test
    void a_request_is_answered_by_its_puback_and_exactly_one_reply_echoing_its_correlation_data() {
        final RawClient alice = connectNewUser("alice");
        final byte[] correlation = RawClient.nextCorrelation();
        assertThat(alice.publishRequest(Uplinks.listDevices(), correlation)).isEqualTo(SUCCESS);
        ok(alice.request(Uplinks.listDevices())); // a later request's reply: the first one's came before it
        assertThat(alice.repliesTo(correlation)).isOne();
        assertThat(alice.uncorrelatedReplies()).isEmpty();
    }

    @Test
    void the_response_topic_may_be_left_out() {
        final RawClient alice = connectNewUser("alice");
        final Answer answer = alice.request(Uplinks.listDevices().toByteArray(), 1, null);
        assertThat(ok(answer).getDevices().getDevicesCount()).isOne();
    }

    @ParameterizedTest
    @EnumSource(ForeignResponseTopic.class)
    void a_response_topic_other_than_the_devices_own_is_refused_with_not_authorized_on_its_own_reply_topic(
            final ForeignResponseTopic kind) {
        final RawClient alice = connectNewUser("alice");
        final RawClient tablet = connect(alice.userId());
        final RawClient bob = connectNewUser("bob");
        final String responseTopic = switch (kind) {
            case ANOTHER_USERS_REPLY_TOPIC -> bob.replyTopic();
            case ANOTHER_DEVICES_REPLY_TOPIC -> tablet.replyTopic();
            case THE_USER_TOPIC -> alice.streamTopic();
            case ANY_OTHER_TOPIC -> "chat/general";
        };
        final Answer answer = alice.request(Uplinks.send(clientMsgId(), bob.userId(), "hi").toByteArray(), 1,
                responseTopic);
        assertRefused(answer, NOT_AUTHORIZED, ErrorCode.NOT_AUTHORIZED);
        final String conversation = Ids.directConversation(alice.userId(), bob.userId());
        assertThat(latestSeq(bob, conversation)).isZero();
        assertThat(latestSeq(tablet, conversation)).isZero();
        // each of them got the reply to its own request, and nothing else
        for (final RawClient other : List.of(bob, tablet)) {
            assertThat(other.deliveries()).extracting(RawClient.Delivery::topic).containsExactly(other.replyTopic());
        }
        assertThat(alice.events()).isEmpty();
    }

    @Test
    void a_payload_that_is_not_protobuf_is_refused_with_0x99_malformed() {
        final RawClient alice = connectNewUser("alice");
        assertRefused(alice.request(new byte[]{(byte) 0xFF, 0x01, 0x02, 0x03}), PAYLOAD_FORMAT_INVALID,
                ErrorCode.MALFORMED);
    }

    @Test
    void a_truncated_uplink_is_refused_with_0x99_malformed_and_stores_nothing() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final byte[] whole = Uplinks.send(clientMsgId(), bob.userId(), "cut short").toByteArray();
        assertRefused(alice.request(Arrays.copyOf(whole, whole.length - 3)), PAYLOAD_FORMAT_INVALID,
                ErrorCode.MALFORMED);
        assertThat(latestSeq(bob, Ids.directConversation(alice.userId(), bob.userId()))).isZero();
    }

    @Test
    void a_string_that_is_not_utf_8_is_refused_with_0x99_malformed() {
        final RawClient alice = connectNewUser("alice");
        // SendMessage{client_msg_id: C3 28}: an invalid two-byte sequence
        final byte[] send = {0x0A, 0x02, (byte) 0xC3, 0x28};
        assertRefused(alice.request(uplinkField1(send)), PAYLOAD_FORMAT_INVALID, ErrorCode.MALFORMED);
    }

    @Test
    void an_empty_payload_is_refused_with_0x83_unknown_request() {
        final RawClient alice = connectNewUser("alice");
        assertRefused(alice.request(new byte[0]), IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.UNKNOWN_REQUEST);
    }

    @Test
    void an_uplink_with_only_a_field_this_server_does_not_know_is_refused_with_0x83_unknown_request() {
        final RawClient alice = connectNewUser("alice");
        final Uplink future = Uplink.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(100, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8("a request of a later version")).build())
                .build()).build();
        assertRefused(alice.request(future), IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.UNKNOWN_REQUEST);
    }

    @Test
    void the_bytes_of_another_message_that_set_no_request_are_refused_with_0x83_unknown_request() throws Exception {
        final RawClient alice = connectNewUser("alice");
        final byte[] event = SyncEvent.newBuilder().setVersion(5).build().toByteArray();
        assertThat(Uplink.parseFrom(event).getBodyCase()).as("premise").isEqualTo(Uplink.BodyCase.BODY_NOT_SET);
        assertRefused(alice.request(event), IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.UNKNOWN_REQUEST);
    }

    @Test
    void a_request_field_holding_the_bytes_of_another_message_is_judged_as_that_request_and_stores_nothing()
            throws Exception {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String conversation = Ids.directConversation(alice.userId(), bob.userId());
        // a HistoryRequest where the SendMessage belongs: read as a send without target and text
        final byte[] history = Uplinks.history(conversation, HistoryRequest.Direction.AFTER, 3, 10).getHistory()
                .toByteArray();
        final byte[] payload = uplinkField1(history);
        assertThat(Uplink.parseFrom(payload).getSend().hasContent()).as("premise").isFalse();
        assertInvalid(alice.request(payload), "content.text");
        assertThat(latestSeq(bob, conversation)).isZero();
    }

    @Test
    void a_missing_field_is_invalid_argument_and_the_message_names_it() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.latest("")), "conversation_id");
    }

    @Test
    void a_refused_send_echoes_its_client_msg_id_and_other_errors_carry_no_ids_versions_or_delays() {
        final RawClient alice = connectNewUser("alice");
        final String clientMsgId = clientMsgId();
        final Answer send = alice.request(Uplinks.send(clientMsgId, Strangers.unknownUser(), "hi"));
        assertRefused(send, IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.NOT_FOUND);
        assertThat(send.error().getClientMsgId()).isEqualTo(clientMsgId);
        final Answer other = alice.request(Uplinks.latest(""));
        assertInvalid(other);
        assertThat(other.error()).satisfies(e -> {
            assertThat(e.getClientMsgId()).isEmpty();
            assertThat(e.getLatestVersion()).isZero();
            assertThat(e.getRetryAfterMs()).isZero();
        });
        assertThat(send.error().getLatestVersion()).isZero();
        assertThat(send.error().getRetryAfterMs()).isZero();
    }

    @Test
    void a_request_published_with_qos_0_is_handled_like_qos_1_and_answered_by_its_reply_alone() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final Answer answer = alice.request(Uplinks.send(clientMsgId(), bob.userId(), "qos 0").toByteArray(), 0,
                alice.replyTopic());
        assertThat(answer.reply().getSendAck().getSeq()).isEqualTo(1);
        assertThat(latestSeq(bob, answer.reply().getSendAck().getConversationId())).isEqualTo(1);
    }

    @Test
    void a_refused_request_published_with_qos_0_is_answered_by_its_error_and_changes_nothing() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final Answer answer = alice.request(Uplinks.send(clientMsgId(), bob.userId(), "").toByteArray(), 0,
                alice.replyTopic());
        assertThat(answer.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(latestSeq(bob, Ids.directConversation(alice.userId(), bob.userId()))).isZero();
    }

    @Test
    void a_request_published_with_qos_2_carries_its_outcome_in_the_pubrec() throws Exception {
        final String alice = newUser("alice");
        final String device = newDeviceId(alice);
        final String replies = Topics.deviceReplies(alice, device);
        try (RawConnection connection = RawConnection.open(server().mqttUri())) {
            connection.write(MqttWire.connect(device, alice, server().password(alice)),
                    MqttWire.subscribe(1, replies));
            assertThat(connection.next(MqttWire.SUBACK).reasonCode()).isEqualTo(1);

            connection.write(MqttWire.publish(2, 2, Topics.uplink(alice, device), Uplinks.listDevices().toByteArray(),
                    replies, new byte[]{2}, 0));
            final List<RawConnection.Packet> answers = List.of(connection.next(), connection.next());
            assertThat(answers).extracting(RawConnection.Packet::type)
                    .containsExactlyInAnyOrder(MqttWire.PUBREC, MqttWire.PUBLISH);
            for (final RawConnection.Packet packet : answers) {
                if (packet.type() == MqttWire.PUBREC) {
                    assertThat(packet.reasonCode()).isZero();
                } else {
                    assertThat(Reply.parseFrom(packet.payload()).hasDevices()).isTrue();
                }
            }

            connection.write(MqttWire.publish(3, 2, Topics.uplink(alice, device), new byte[]{(byte) 0xFF, 1},
                    replies, new byte[]{3}, 0));
            assertThat(connection.next(MqttWire.PUBREC).reasonCode()).isEqualTo(PAYLOAD_FORMAT_INVALID);
        }
    }

    @Test
    void the_requests_of_a_connection_are_handled_in_the_order_they_arrive_and_told_apart_by_correlation_data() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final List<String> clientMsgIds = new ArrayList<>();
        final List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final String clientMsgId = clientMsgId();
            clientMsgIds.add(clientMsgId);
            answers.add(alice.requestAsync(Uplinks.send(clientMsgId, bob.userId(), "in order " + i)));
        }
        for (int i = 0; i < 8; i++) {
            final SendAck ack = ok(answers.get(i).join()).getSendAck();
            assertThat(ack.getClientMsgId()).isEqualTo(clientMsgIds.get(i));
            assertThat(ack.getSeq()).isEqualTo(i + 1);
        }
    }

    @Test
    void a_request_without_correlation_data_is_answered_without_it() {
        final RawClient alice = connectNewUser("alice");
        alice.publish(alice.uplinkTopic(), Uplinks.listDevices().toByteArray(), 1);
        ok(alice.request(Uplinks.listDevices()));
        assertThat(alice.uncorrelatedReplies()).singleElement().satisfies(reply -> assertThat(reply.hasDevices())
                .isTrue());
    }

    @Test
    void a_direct_conversation_with_an_existing_user_reads_as_empty_before_its_first_message() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String conversation = Ids.directConversation(alice.userId(), bob);
        assertThat(latest(alice, conversation)).satisfies(page -> {
            assertThat(page.getConversationId()).isEqualTo(conversation);
            assertThat(page.getMessagesList()).isEmpty();
            assertThat(page.getHasMore()).isFalse();
            assertThat(page.getLatestSeq()).isZero();
        });
    }

    @Test
    void error_code_unspecified_is_never_sent() {
        final RawClient alice = connectNewUser("alice");
        for (final byte[] hostile : List.of(new byte[]{(byte) 0xFF}, new byte[0],
                Uplinks.latest("").toByteArray(), Uplinks.latest(Strangers.unknownGroup()).toByteArray())) {
            final Error error = alice.request(hostile).error();
            assertThat(error.getCode()).isNotEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
            assertThat(error.getMessage()).isNotBlank();
        }
    }
}
