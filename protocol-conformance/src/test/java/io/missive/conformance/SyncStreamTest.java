package io.missive.conformance;

import io.missive.protocol.v1.GroupChange;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.SendAck;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Section "The sync stream" of docs/protocol.md: what becomes an entry of a user's stream, with
 * which version, who receives it live, and what is live-only (version 0).
 */
@Timeout(30)
class SyncStreamTest extends ConformanceTest {

    private static boolean isMessage(final SyncEvent event, final SendAck ack) {
        return event.hasMessage() && event.getMessage().getConversationId().equals(ack.getConversationId())
                && event.getMessage().getSeq() == ack.getSeq();
    }

    private static boolean isChange(final SyncEvent event, final String group, final GroupChange.Kind kind) {
        return event.getMessage().getConversationId().equals(group) && event.getMessage().getChange().getKind() == kind;
    }

    @Test
    void a_direct_message_reaches_every_device_of_both_users_the_sending_one_included() {
        final RawClient alicePhone = connectNewUser("alice");
        final RawClient aliceTablet = connect(alicePhone.userId());
        final RawClient bob = connectNewUser("bob");
        final String clientMsgId = clientMsgId();
        final SendAck ack = ok(alicePhone.request(Uplinks.send(clientMsgId, bob.userId(), "to all"))).getSendAck();
        final SyncEvent own = alicePhone.awaitEvent(e -> isMessage(e, ack));
        assertThat(aliceTablet.awaitEvent(e -> isMessage(e, ack))).isEqualTo(own);
        final Message message = own.getMessage();
        assertThat(message.getSenderUserId()).isEqualTo(alicePhone.userId());
        assertThat(message.getSenderDeviceId()).isEqualTo(alicePhone.deviceId());
        assertThat(message.getClientMsgId()).isEqualTo(clientMsgId);
        assertThat(message.getMessageId()).isEqualTo(ack.getMessageId());
        assertThat(message.getServerTimeMs()).isEqualTo(ack.getServerTimeMs());
        assertThat(message.getContent().getText()).isEqualTo("to all");
        final SyncEvent received = bob.awaitEvent(e -> isMessage(e, ack));
        assertThat(received.getMessage()).isEqualTo(message);
        assertThat(own.getVersion()).isEqualTo(1);
        assertThat(received.getVersion()).isEqualTo(1);
    }

    @Test
    void versions_are_per_user_gap_free_and_increasing_from_1_across_every_kind_of_entry() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String direct = send(bob, alice.userId(), "message").getConversationId();
        ok(alice.request(Uplinks.markRead(direct, 1)));
        ok(alice.request(Uplinks.mute(direct, true)));
        ok(bob.request(Uplinks.requestContact(alice.userId())));
        send(alice, bob.userId(), "own message");
        // delivery continues after the ack: the sender's own stream entry may come just after it
        final List<SyncEvent> events = await().atMost(Duration.ofSeconds(10)).until(
                () -> ok(alice.request(Uplinks.sync(0, 0))).getSync().getEventsList(), page -> page.size() >= 5);
        assertThat(events).extracting(SyncEvent::getVersion).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events).extracting(SyncEvent::getBodyCase).containsExactly(SyncEvent.BodyCase.MESSAGE,
                SyncEvent.BodyCase.READ, SyncEvent.BodyCase.SETTINGS, SyncEvent.BodyCase.CONTACT,
                SyncEvent.BodyCase.MESSAGE);
        // the live events carried the same versions
        alice.awaitEvent(e -> e.getVersion() == 5);
        assertThat(alice.events()).filteredOn(e -> e.getVersion() > 0).extracting(SyncEvent::getVersion)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void group_messages_are_live_only_version_0_events_for_members_following_their_stream() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bobPhone = connectNewUser("bob");
        final RawClient bobTablet = connect(bobPhone.userId());
        final String group = ok(alice.request(Uplinks.createGroup(requestId(), "live", bobPhone.userId())))
                .getGroup().getConversationId();
        final long created = bobPhone.awaitEvent(e -> isChange(e, group, GroupChange.Kind.CREATED)).getVersion();
        follow(bobPhone);
        final SendAck ack = sendTo(alice, group, "live only");
        final SyncEvent live = bobPhone.awaitEvent(e -> isMessage(e, ack));
        assertThat(live.getVersion()).isZero();
        assertThat(live.getMessage().getContent().getText()).isEqualTo("live only");
        // every subscribed device of the user gets it, also one that did not ask for the stream
        assertThat(bobTablet.awaitEvent(e -> isMessage(e, ack))).isEqualTo(live);
        // and it is not an entry of the stream
        final SyncPage page = ok(bobPhone.request(Uplinks.sync(created - 1, 0))).getSync();
        assertThat(page.getEventsList()).extracting(SyncEvent::getVersion).containsExactly(created);
    }

    @Test
    void a_user_without_a_device_following_the_stream_gets_no_live_group_messages() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String group = ok(alice.request(Uplinks.createGroup(requestId(), "quiet", bob.userId()))).getGroup()
                .getConversationId();
        bob.awaitEvent(e -> isChange(e, group, GroupChange.Kind.CREATED));
        sendTo(alice, group, "not live for bob");
        final SyncEvent sentinel = sentinel(alice, bob);
        assertThat(bob.events()).extracting(SyncEvent::getVersion).containsExactly(1L, sentinel.getVersion());
        assertThat(sentinel.getVersion()).isEqualTo(2);
    }

    @Test
    void joining_and_leaving_are_entries_of_the_users_stream_and_other_members_see_them_live() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final RawClient dave = connectNewUser("dave");
        final String group = ok(alice.request(Uplinks.createGroup(requestId(), "changes", bob.userId()))).getGroup()
                .getConversationId();
        follow(bob);
        ok(alice.request(Uplinks.addMembers(requestId(), group, dave.userId())));
        assertThat(dave.awaitEvent(e -> isChange(e, group, GroupChange.Kind.MEMBERS_ADDED)).getVersion())
                .isPositive();
        assertThat(bob.awaitEvent(e -> isChange(e, group, GroupChange.Kind.MEMBERS_ADDED)).getVersion()).isZero();
        ok(dave.request(Uplinks.leaveGroup(requestId(), group)));
        assertThat(dave.awaitEvent(e -> isChange(e, group, GroupChange.Kind.MEMBER_LEFT)).getVersion()).isPositive();
        assertThat(bob.awaitEvent(e -> isChange(e, group, GroupChange.Kind.MEMBER_LEFT)).getVersion()).isZero();
        ok(alice.request(Uplinks.removeMembers(requestId(), group, bob.userId())));
        assertThat(bob.awaitEvent(e -> isChange(e, group, GroupChange.Kind.MEMBERS_REMOVED)).getVersion())
                .isPositive();
    }

    @Test
    void a_catch_up_page_holds_the_events_the_live_stream_carried() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        send(alice, bob.userId(), "one");
        send(bob, alice.userId(), "two");
        send(alice, bob.userId(), "three");
        bob.awaitEvent(e -> e.getVersion() == 3);
        final List<SyncEvent> page = ok(bob.request(Uplinks.sync(0, 0))).getSync().getEventsList();
        assertThat(page).containsExactlyElementsOf(bob.events());
    }
}
