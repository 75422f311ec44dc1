package io.missive.conformance;

import io.missive.protocol.v1.ConversationUnread;
import io.missive.protocol.v1.ReadState;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.UnreadCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Section "Read positions and unread counts" of docs/protocol.md: mark_read, get_unread and read_by. */
@Timeout(30)
class ReadPositionsTest extends ConformanceTest {

    private static UnreadCounts unread(final RawClient device) {
        return ok(device.request(Uplinks.getUnread())).getUnread();
    }

    private static long unreadOf(final RawClient device, final String conversation) {
        return unread(device).getConversationsList().stream()
                .filter(c -> c.getConversationId().equals(conversation))
                .mapToLong(ConversationUnread::getCount).sum();
    }

    /** Bob sends alice three messages; returns their conversation once alice's count shows them. */
    private static String threeUnread(final RawClient bob, final RawClient alice) {
        String conversation = null;
        for (int i = 1; i <= 3; i++) {
            conversation = send(bob, alice.userId(), "unread " + i).getConversationId();
        }
        final String id = conversation;
        await().until(() -> unreadOf(alice, id) == 3);
        return conversation;
    }

    @Test
    void mark_read_answers_the_position_and_the_unread_count_after_it() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String conversation = threeUnread(bob, alice);
        final ReadState read = ok(alice.request(Uplinks.markRead(conversation, 2))).getRead();
        assertThat(read.getConversationId()).isEqualTo(conversation);
        assertThat(read.getUserId()).isEqualTo(alice.userId());
        assertThat(read.getSeq()).isEqualTo(2);
        assertThat(read.getUnread()).isEqualTo(1);
        await().until(() -> unreadOf(alice, conversation) == 1);
    }

    @Test
    void a_moved_position_reaches_the_readers_devices_and_in_a_direct_conversation_the_peer() {
        final RawClient alice = connectNewUser("alice");
        final RawClient tablet = connect(alice.userId());
        final RawClient bob = connectNewUser("bob");
        final String conversation = threeUnread(bob, alice);
        ok(alice.request(Uplinks.markRead(conversation, 2)));
        final SyncEvent own = tablet.awaitEvent(SyncEvent::hasRead);
        assertThat(own.getVersion()).isPositive();
        assertThat(own.getRead().getUserId()).isEqualTo(alice.userId());
        assertThat(own.getRead().getSeq()).isEqualTo(2);
        final SyncEvent tick = bob.awaitEvent(SyncEvent::hasRead);
        assertThat(tick.getVersion()).isPositive();
        assertThat(tick.getRead().getConversationId()).isEqualTo(conversation);
        assertThat(tick.getRead().getUserId()).isEqualTo(alice.userId());
        assertThat(tick.getRead().getSeq()).isEqualTo(2);
        assertThat(tick.getRead().getUnread()).isEqualTo(-1);
    }

    @Test
    void an_older_or_equal_position_changes_nothing_tells_nobody_and_answers_the_stored_one() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String conversation = threeUnread(bob, alice);
        ok(alice.request(Uplinks.markRead(conversation, 2)));
        bob.awaitEvent(SyncEvent::hasRead);
        final int seen = bob.events().size();
        assertThat(ok(alice.request(Uplinks.markRead(conversation, 2))).getRead().getSeq()).isEqualTo(2);
        assertThat(ok(alice.request(Uplinks.markRead(conversation, 1))).getRead().getSeq()).isEqualTo(2);
        final SyncEvent sentinel = sentinel(connectNewUser("carol"), bob);
        assertThat(bob.eventsAfter(seen)).containsExactly(sentinel);
    }

    @Test
    void mark_read_refuses_a_seq_below_1_or_beyond_the_latest() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String conversation = threeUnread(bob, alice);
        assertInvalid(alice.request(Uplinks.markRead(conversation, 0)), "seq");
        assertInvalid(alice.request(Uplinks.markRead(conversation, -1)), "seq");
        assertInvalid(alice.request(Uplinks.markRead(conversation, 4)), "seq");
        assertThat(unreadOf(alice, conversation)).isEqualTo(3);
    }

    @Test
    void mark_read_with_an_empty_conversation_id_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.markRead("", 1)), "conversation_id");
    }

    @Test
    void mark_read_on_a_conversation_the_user_does_not_belong_to_is_not_a_member() {
        assertNotAMemberOfAnyForeignConversation(connectNewUser("alice"), id -> Uplinks.markRead(id, 1));
    }

    @Test
    void get_unread_counts_each_conversation_with_unread_messages_ascending_by_id_and_their_total() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final RawClient carol = connectNewUser("carol");
        final String withBob = threeUnread(bob, alice);
        final String withCarol = send(carol, alice.userId(), "one more").getConversationId();
        send(alice, connectNewUser("dave").userId(), "read by its sender");
        await().untilAsserted(() -> {
            final UnreadCounts counts = unread(alice);
            assertThat(counts.getAvailable()).isTrue();
            assertThat(counts.getConversationsList()).containsExactlyElementsOf(List.of(
                    ConversationUnread.newBuilder().setConversationId(withBob).setCount(3).build(),
                    ConversationUnread.newBuilder().setConversationId(withCarol).setCount(1).build()).stream()
                    .sorted(Comparator.comparing(ConversationUnread::getConversationId)).toList());
            assertThat(counts.getTotal()).isEqualTo(4);
        });
    }

    @Test
    void the_senders_read_position_moves_to_their_own_message_without_a_read_event() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String conversation = send(alice, bob.userId(), "mine").getConversationId();
        await().untilAsserted(() -> assertThat(ok(bob.request(Uplinks.readBy(conversation, 1))).getReadBy()
                .getUserIdsList()).containsExactly(alice.userId()));
        assertThat(unreadOf(alice, conversation)).isZero();
        sentinel(bob, alice);
        assertThat(alice.events()).noneMatch(SyncEvent::hasRead);
        assertThat(bob.events()).noneMatch(SyncEvent::hasRead);
    }

    @Test
    void read_by_lists_the_other_members_who_have_read_at_least_up_to_seq() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String conversation = threeUnread(bob, alice);
        ok(alice.request(Uplinks.markRead(conversation, 2)));
        final var readBy = ok(bob.request(Uplinks.readBy(conversation, 2))).getReadBy();
        assertThat(readBy.getConversationId()).isEqualTo(conversation);
        assertThat(readBy.getSeq()).isEqualTo(2);
        assertThat(readBy.getUserIdsList()).containsExactly(alice.userId());
        assertThat(ok(bob.request(Uplinks.readBy(conversation, 3))).getReadBy().getUserIdsList()).isEmpty();
    }

    @Test
    void read_by_lists_group_members_but_group_read_positions_are_not_announced_to_other_members() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String group = ok(alice.request(Uplinks.createGroup(requestId(), "readers", bob.userId()))).getGroup()
                .getConversationId();
        sendTo(alice, group, "read me");
        alice.awaitEvent(e -> e.getMessage().hasChange());
        final int seen = alice.events().size();
        ok(bob.request(Uplinks.markRead(group, 2)));
        assertThat(ok(alice.request(Uplinks.readBy(group, 2))).getReadBy().getUserIdsList())
                .containsExactly(bob.userId());
        final SyncEvent sentinel = sentinel(connectNewUser("carol"), alice);
        assertThat(alice.eventsAfter(seen)).containsExactly(sentinel);
    }

    @Test
    void read_by_refuses_a_seq_below_1_and_an_empty_conversation_id() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String conversation = threeUnread(bob, alice);
        assertInvalid(alice.request(Uplinks.readBy(conversation, 0)), "seq");
        assertInvalid(alice.request(Uplinks.readBy("", 1)), "conversation_id");
    }

    @Test
    void read_by_on_a_conversation_the_user_does_not_belong_to_is_not_a_member() {
        assertNotAMemberOfAnyForeignConversation(connectNewUser("alice"), id -> Uplinks.readBy(id, 1));
    }
}
