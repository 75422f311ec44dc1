package io.missive.conformance;

import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.GroupInfo;
import io.missive.protocol.v1.SendAck;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section "Idempotency" of docs/protocol.md: sends and group requests resent with the same ids (the
 * rules of the other requests are checked in their sections).
 */
@Timeout(30)
class IdempotencyTest extends ConformanceTest {

    private static SendAck ack(final RawClient from, final Uplink send) {
        return ok(from.request(send)).getSendAck();
    }

    private static void assertSameMessage(final SendAck resent, final SendAck first) {
        assertThat(resent.getDuplicate()).isTrue();
        assertThat(resent.toBuilder().setDuplicate(false).build()).isEqualTo(first);
    }

    @Test
    void a_resend_with_the_same_client_msg_id_returns_the_first_ack_and_stores_nothing() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final Uplink send = Uplinks.send(clientMsgId(), bob.userId(), "once");
        final SendAck first = ack(alice, send);
        final long version = bob.awaitEvent(SyncEvent::hasMessage).getVersion();
        assertSameMessage(ack(alice, send), first);
        assertThat(latestSeq(bob, first.getConversationId())).isEqualTo(1);
        // the same event may come again, but nothing new is entered into the stream
        final SyncEvent sentinel = sentinel(connectNewUser("carol"), bob);
        assertThat(sentinel.getVersion()).isEqualTo(version + 1);
        assertThat(bob.events()).filteredOn(SyncEvent::hasMessage)
                .allSatisfy(e -> assertThat(e.getVersion()).isIn(version, sentinel.getVersion()));
    }

    @Test
    void a_resend_with_another_text_still_answers_the_first_ack_and_keeps_the_first_text() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String clientMsgId = clientMsgId();
        final SendAck first = ack(alice, Uplinks.send(clientMsgId, bob, "first"));
        assertSameMessage(ack(alice, Uplinks.send(clientMsgId, bob, "second")), first);
        assertThat(latest(alice, first.getConversationId()).getMessagesList())
                .extracting(m -> m.getContent().getText()).containsExactly("first");
    }

    @Test
    void a_resend_by_conversation_id_is_the_same_message_as_one_by_user_id() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String clientMsgId = clientMsgId();
        final SendAck first = ack(alice, Uplinks.send(clientMsgId, bob, "hi"));
        assertSameMessage(ack(alice, Uplinks.sendTo(clientMsgId, first.getConversationId(), "hi")), first);
    }

    @Test
    void the_same_client_msg_id_from_another_device_of_the_user_is_a_duplicate_of_the_first() {
        final RawClient phone = connectNewUser("alice");
        final RawClient tablet = connect(phone.userId());
        final String bob = newUser("bob");
        final String clientMsgId = clientMsgId();
        final SendAck first = ack(phone, Uplinks.send(clientMsgId, bob, "from the phone"));
        assertSameMessage(ack(tablet, Uplinks.send(clientMsgId, bob, "from the tablet")), first);
    }

    @Test
    void the_same_client_msg_id_in_another_conversation_or_from_another_user_is_a_new_message() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String clientMsgId = clientMsgId();
        final SendAck first = ack(alice, Uplinks.send(clientMsgId, bob.userId(), "to bob"));
        final SendAck elsewhere = ack(alice, Uplinks.send(clientMsgId, newUser("carol"), "to carol"));
        assertThat(elsewhere.getDuplicate()).isFalse();
        assertThat(elsewhere.getConversationId()).isNotEqualTo(first.getConversationId());
        final SendAck byBob = ack(bob, Uplinks.send(clientMsgId, alice.userId(), "from bob"));
        assertThat(byBob.getDuplicate()).isFalse();
        assertThat(byBob.getSeq()).isEqualTo(2);
    }

    @Test
    void sends_with_the_same_client_msg_id_at_the_same_time_store_one_message() {
        final RawClient phone = connectNewUser("alice");
        final RawClient tablet = connect(phone.userId());
        final String bob = newUser("bob");
        final Uplink send = Uplinks.send(clientMsgId(), bob, "twice at once");
        final List<SendAck> acks = List.of(phone.requestAsync(send), tablet.requestAsync(send)).stream()
                .map(answer -> ok(answer.join()).getSendAck()).toList();
        assertThat(acks.get(1).toBuilder().setDuplicate(acks.get(0).getDuplicate()).build()).isEqualTo(acks.get(0));
        assertThat(latestSeq(phone, acks.get(0).getConversationId())).isEqualTo(1);
    }

    @Test
    void of_sends_with_the_same_client_msg_id_at_the_same_time_only_the_one_that_stored_it_is_not_a_duplicate() {
        final RawClient phone = connectNewUser("alice");
        final RawClient tablet = connect(phone.userId());
        final Uplink send = Uplinks.send(clientMsgId(), newUser("bob"), "twice at once");
        final List<SendAck> acks = List.of(phone.requestAsync(send), tablet.requestAsync(send)).stream()
                .map(answer -> ok(answer.join()).getSendAck()).toList();
        assertThat(acks).filteredOn(ack -> !ack.getDuplicate()).hasSize(1);
    }

    @Test
    void a_resend_of_a_stored_message_is_answered_with_its_ack_even_after_a_block() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final Uplink send = Uplinks.send(clientMsgId(), bob.userId(), "before the block");
        final SendAck first = ack(alice, send);
        ok(bob.request(Uplinks.blockUser(alice.userId())));
        assertSameMessage(ack(alice, send), first);
        assertRefused(alice.request(Uplinks.send(clientMsgId(), bob.userId(), "after the block")),
                IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.BLOCKED);
    }

    @Test
    void a_resend_of_a_stored_message_is_answered_with_its_ack_even_after_the_sender_left_the_group() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String group = ok(alice.request(Uplinks.createGroup(requestId(), "friends", bob.userId()))).getGroup()
                .getConversationId();
        final Uplink send = Uplinks.sendTo(clientMsgId(), group, "before leaving");
        final SendAck first = ack(bob, send);
        ok(bob.request(Uplinks.leaveGroup(requestId(), group)));
        assertSameMessage(ack(bob, send), first);
        assertRefused(bob.request(Uplinks.sendTo(clientMsgId(), group, "after leaving")), NOT_AUTHORIZED,
                ErrorCode.NOT_A_MEMBER);
    }

    @Test
    void a_refused_send_stores_nothing_so_its_client_msg_id_stays_unused() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String clientMsgId = clientMsgId();
        assertInvalid(alice.request(Uplinks.send(clientMsgId, bob, "")));
        final SendAck stored = ack(alice, Uplinks.send(clientMsgId, bob, "now with text"));
        assertThat(stored.getDuplicate()).isFalse();
        assertThat(stored.getSeq()).isEqualTo(1);
    }

    @Test
    void a_resent_create_group_answers_the_first_group_whatever_its_name_and_members() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String requestId = requestId();
        final GroupInfo first = ok(alice.request(Uplinks.createGroup(requestId, "first", bob))).getGroup();
        final GroupInfo again = ok(alice.request(Uplinks.createGroup(requestId, "second", bob, newUser("carol"))))
                .getGroup();
        assertThat(again.getConversationId()).isEqualTo(first.getConversationId());
        assertThat(again.getChangeSeq()).isEqualTo(1);
        assertThat(again.getName()).isEqualTo("first");
        assertThat(again.getMemberCount()).isEqualTo(2);
        assertThat(latestSeq(alice, first.getConversationId())).isEqualTo(1);
        // the resend's fields are still checked
        assertInvalid(alice.request(Uplinks.createGroup(requestId, "third", "not a user")), "member_ids");
    }

    @Test
    void a_resent_group_change_answers_its_first_outcome_and_stores_nothing() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String group = ok(alice.request(Uplinks.createGroup(requestId(), "friends", bob))).getGroup()
                .getConversationId();
        final Uplink add = Uplinks.addMembers(requestId(), group, newUser("carol"));
        final Uplink rename = Uplinks.renameGroup(requestId(), group, "renamed");
        final long added = ok(alice.request(add)).getGroup().getChangeSeq();
        final long renamed = ok(alice.request(rename)).getGroup().getChangeSeq();
        assertThat(ok(alice.request(add)).getGroup().getChangeSeq()).isEqualTo(added);
        assertThat(ok(alice.request(rename)).getGroup().getChangeSeq()).isEqualTo(renamed);
        assertThat(latestSeq(alice, group)).isEqualTo(renamed);
    }

    @Test
    void a_member_who_left_can_resend_their_leave() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String group = ok(alice.request(Uplinks.createGroup(requestId(), "friends", bob.userId()))).getGroup()
                .getConversationId();
        final Uplink leave = Uplinks.leaveGroup(requestId(), group);
        final long left = ok(bob.request(leave)).getGroup().getChangeSeq();
        assertThat(ok(bob.request(leave)).getGroup().getChangeSeq()).isEqualTo(left);
        assertThat(latestSeq(alice, group)).isEqualTo(left);
    }
}
