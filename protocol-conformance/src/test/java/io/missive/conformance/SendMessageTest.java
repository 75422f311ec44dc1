package io.missive.conformance;

import io.missive.protocol.Ids;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.SendAck;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Section "Send a message" of docs/protocol.md. */
@Timeout(30)
class SendMessageTest extends ConformanceTest {

    private static Uplink sendWith(final SendMessage.Builder send) {
        return Uplink.newBuilder().setSend(send).build();
    }

    @Test
    void a_first_message_to_a_user_is_stored_as_seq_1_and_acknowledged_with_its_ids() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String clientMsgId = clientMsgId();
        final long before = System.currentTimeMillis();
        final Answer answer = alice.request(Uplinks.send(clientMsgId, bob, "hello"));
        final SendAck ack = ok(answer).getSendAck();
        assertThat(ack.getClientMsgId()).isEqualTo(clientMsgId);
        assertThat(ack.getConversationId()).isEqualTo(Ids.directConversation(alice.userId(), bob));
        assertThat(ack.getSeq()).isEqualTo(1);
        assertThat(ack.getMessageId()).isNotEmpty();
        assertThat(ack.getServerTimeMs()).isBetween(before - 60_000, System.currentTimeMillis() + 60_000);
        assertThat(ack.getDuplicate()).isFalse();
    }

    @Test
    void the_message_is_stored_before_the_ack_arrives() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final SendAck ack = send(alice, bob.userId(), "stored first");
        final Message stored = latest(bob, ack.getConversationId()).getMessages(0);
        assertThat(stored.getSeq()).isEqualTo(ack.getSeq());
        assertThat(stored.getMessageId()).isEqualTo(ack.getMessageId());
        assertThat(stored.getServerTimeMs()).isEqualTo(ack.getServerTimeMs());
        assertThat(stored.getClientMsgId()).isEqualTo(ack.getClientMsgId());
        assertThat(stored.getSenderUserId()).isEqualTo(alice.userId());
        assertThat(stored.getSenderDeviceId()).isEqualTo(alice.deviceId());
        assertThat(stored.getContent().getText()).isEqualTo("stored first");
    }

    @Test
    void seqs_are_unique_gap_free_and_increasing_from_1_also_under_concurrent_senders() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(alice.requestAsync(Uplinks.send(clientMsgId(), bob.userId(), "a" + i)));
            answers.add(bob.requestAsync(Uplinks.send(clientMsgId(), alice.userId(), "b" + i)));
        }
        final List<Long> seqs = answers.stream().map(a -> ok(a.join()).getSendAck().getSeq()).sorted()
                .collect(Collectors.toList());
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().collect(Collectors.toList()));
    }

    @Test
    void a_message_to_a_conversation_by_its_id_takes_its_next_seq() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String conversation = send(alice, bob.userId(), "first").getConversationId();
        final SendAck reply = sendTo(bob, conversation, "second");
        assertThat(reply.getConversationId()).isEqualTo(conversation);
        assertThat(reply.getSeq()).isEqualTo(2);
    }

    @Test
    void a_message_to_a_user_who_does_not_exist_is_not_found_and_stores_nothing() {
        final RawClient alice = connectNewUser("alice");
        assertRefused(alice.request(Uplinks.send(clientMsgId(), Strangers.unknownUser(), "hi")),
                IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.NOT_FOUND);
        assertThat(sentinel(connectNewUser("bob"), alice).getVersion()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "a/b", "$admin"})
    void a_to_user_id_that_is_not_a_valid_user_id_is_invalid_argument(final String toUserId) {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.send(clientMsgId(), toUserId, "hi")), "to_user_id");
    }

    @Test
    void a_message_to_oneself_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.send(clientMsgId(), alice.userId(), "hi")), "to_user_id");
    }

    @Test
    void a_send_without_a_target_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(sendWith(SendMessage.newBuilder().setClientMsgId(clientMsgId())
                .setContent(Content.newBuilder().setText("to nobody")))));
    }

    @Test
    void a_send_without_text_is_invalid_argument_naming_content_text() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final SendMessage.Builder base = SendMessage.newBuilder().setClientMsgId(clientMsgId()).setToUserId(bob);
        assertInvalid(alice.request(sendWith(base.clone())), "content.text");
        assertInvalid(alice.request(sendWith(base.clone().setContent(Content.getDefaultInstance()))), "content.text");
        assertInvalid(alice.request(sendWith(base.clone().setContent(Content.newBuilder().setText("")))),
                "content.text");
        assertThat(latestSeq(alice, Ids.directConversation(alice.userId(), bob))).isZero();
    }

    @Test
    void a_send_without_client_msg_id_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.send("", newUser("bob"), "hi")), "client_msg_id");
    }

    @Test
    void a_send_with_an_empty_conversation_id_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.sendTo(clientMsgId(), "", "hi")), "conversation_id");
    }

    @Test
    void a_send_to_a_conversation_the_sender_does_not_belong_to_is_not_a_member() {
        final RawClient alice = connectNewUser("alice");
        assertNotAMemberOfAnyForeignConversation(alice, id -> Uplinks.sendTo(clientMsgId(), id, "intrude"));
    }

    @Test
    void a_send_into_someone_elses_conversations_stores_nothing() {
        final Strangers strangers = Strangers.of(server());
        final RawClient carol = connect(strangers.carol());
        final long direct = latestSeq(carol, strangers.direct());
        final long group = latestSeq(carol, strangers.group());
        final RawClient alice = connectNewUser("alice");
        alice.request(Uplinks.sendTo(clientMsgId(), strangers.direct(), "intrude"));
        alice.request(Uplinks.sendTo(clientMsgId(), strangers.group(), "intrude"));
        assertThat(latestSeq(carol, strangers.direct())).isEqualTo(direct);
        assertThat(latestSeq(carol, strangers.group())).isEqualTo(group);
    }
}
