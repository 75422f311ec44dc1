package io.missive.server.e2e;

import io.missive.protocol.v1.ChangeMembers;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.GroupChange;
import io.missive.protocol.v1.GroupInfo;
import io.missive.protocol.v1.HistoryPage;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.LeaveGroup;
import io.missive.protocol.v1.ListMembers;
import io.missive.protocol.v1.Member;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.RenameGroup;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Role;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SetMemberRole;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Groups over the raw protocol: creation, membership changes as events in the group's log and in
 * the affected users' streams, the membership window of reads and live delivery, and every
 * refusal a non-member or a plain member meets.
 */
@EndToEnd
class GroupEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c.set("groups.max-members", "6"));

    private final List<RawDevice> devices = new ArrayList<>();
    private RawDevice alice;
    private RawDevice bob;
    private RawDevice carol;
    private RawDevice dave;

    @BeforeEach
    void connect() throws Exception {
        alice = device("alice");
        bob = device("bob");
        carol = device("carol");
        dave = device("dave");
    }

    @AfterEach
    void close() {
        devices.forEach(RawDevice::close);
    }

    private RawDevice device(final String prefix) throws Exception {
        final String user = SERVER.createUser(prefix);
        final RawDevice device = RawDevice.connect(SERVER.mqttUri(), user, user + "-phone", SERVER.password(user));
        devices.add(device);
        // follow the stream live, as a device does after connecting
        assertThat(request(device, Uplink.newBuilder().setSync(SyncRequest.newBuilder()).build()).hasSync()).isTrue();
        return device;
    }

    static Reply request(final RawDevice device, final Uplink uplink) throws Exception {
        device.request(uplink.toByteArray());
        return device.nextReply();
    }

    static GroupInfo create(final RawDevice owner, final String requestId, final String name,
                            final RawDevice... members) throws Exception {
        final CreateGroup.Builder create = CreateGroup.newBuilder().setRequestId(requestId).setName(name);
        for (final RawDevice member : members) {
            create.addMemberIds(member.userId);
        }
        final Reply reply = request(owner, Uplink.newBuilder().setCreateGroup(create).build());
        assertThat(reply.hasGroup()).as("%s", reply).isTrue();
        return reply.getGroup();
    }

    static Reply send(final RawDevice device, final String group, final String clientMsgId, final String text)
            throws Exception {
        return request(device, Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId(clientMsgId)
                .setConversationId(group).setContent(Content.newBuilder().setText(text))).build());
    }

    static Reply history(final RawDevice device, final String group) throws Exception {
        return request(device, Uplink.newBuilder().setHistory(HistoryRequest.newBuilder().setConversationId(group)
                .setDirection(HistoryRequest.Direction.AFTER).setLimit(100)).build());
    }

    private static Reply changeMembers(final RawDevice device, final boolean add, final String group,
                                       final String requestId, final RawDevice... users) throws Exception {
        final ChangeMembers.Builder change = ChangeMembers.newBuilder().setRequestId(requestId).setConversationId(group);
        for (final RawDevice user : users) {
            change.addUserIds(user.userId);
        }
        final Uplink.Builder uplink = Uplink.newBuilder();
        return request(device, (add ? uplink.setAddMembers(change) : uplink.setRemoveMembers(change)).build());
    }

    /** The next event on the device's user topic within 10 s. */
    static SyncEvent nextEvent(final RawDevice device) throws InterruptedException {
        final SyncEvent event = device.events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event for %s within 10 s", device.userId).isNotNull();
        return event;
    }

    private static List<Long> seqs(final HistoryPage page) {
        return page.getMessagesList().stream().map(Message::getSeq).collect(Collectors.toList());
    }

    @Test
    void members_get_the_creation_in_their_stream_and_messages_live_in_seq_order() throws Exception {
        final GroupInfo group = create(alice, "create-1", "Trip", bob, carol);
        assertThat(group.getConversationId()).startsWith("g:");
        assertThat(group.getChangeSeq()).isEqualTo(1);
        assertThat(group.getMemberCount()).isEqualTo(3);
        assertThat(group.getOwnerUserId()).isEqualTo(alice.userId);

        for (final RawDevice member : List.of(alice, bob, carol)) {
            final SyncEvent created = nextEvent(member);
            assertThat(created.getVersion()).as("a versioned entry of the member's own stream").isPositive();
            assertThat(created.getMessage().getChange().getKind()).isEqualTo(GroupChange.Kind.CREATED);
            assertThat(created.getMessage().getChange().getUserIdsList())
                    .containsExactly(alice.userId, bob.userId, carol.userId);
            assertThat(created.getMessage().getChange().getName()).isEqualTo("Trip");
        }

        for (int i = 0; i < 5; i++) {
            final RawDevice sender = i % 2 == 0 ? bob : carol;
            final Reply ack = send(sender, group.getConversationId(), "m-" + i, "hello " + i);
            assertThat(ack.getSendAck().getSeq()).isEqualTo(2 + i);
        }
        for (final RawDevice member : List.of(alice, bob, carol)) {
            final List<Long> live = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                final SyncEvent event = nextEvent(member);
                assertThat(event.getVersion()).as("group messages are not entries of the user's stream").isZero();
                live.add(event.getMessage().getSeq());
            }
            assertThat(live).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L);
            assertThat(seqs(history(member, group.getConversationId()).getHistory()))
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
        // a resend is answered with the first ack and stores nothing
        final Reply again = send(bob, group.getConversationId(), "m-0", "hello 0");
        assertThat(again.getSendAck().getDuplicate()).isTrue();
        assertThat(again.getSendAck().getSeq()).isEqualTo(2);
        // resending the create answers with the same group and creates nothing
        final GroupInfo recreated = create(alice, "create-1", "Trip", bob, carol);
        assertThat(recreated.getConversationId()).isEqualTo(group.getConversationId());
        assertThat(recreated.getChangeSeq()).isEqualTo(1);
        assertThat(SERVER.stores().messages().latestSeq(group.getConversationId()).join()).isEqualTo(6);
    }

    @Test
    void a_member_added_later_sees_only_what_follows_and_a_removed_one_nothing_after() throws Exception {
        final String group = create(alice, "create-2", "Late", bob, carol).getConversationId();
        send(bob, group, "before-1", "before dave");

        final Reply added = changeMembers(alice, true, group, "add-dave", dave);
        assertThat(added.getGroup().getChangeSeq()).isEqualTo(3);
        assertThat(added.getGroup().getMemberCount()).isEqualTo(4);
        final SyncEvent joined = nextEvent(dave);
        assertThat(joined.getVersion()).isPositive();
        assertThat(joined.getMessage().getSeq()).isEqualTo(3);
        assertThat(joined.getMessage().getChange().getKind()).isEqualTo(GroupChange.Kind.MEMBERS_ADDED);
        // dave reads from the event that let him in, not before
        assertThat(seqs(history(dave, group).getHistory())).containsExactly(3L);

        final Reply removed = changeMembers(alice, false, group, "remove-carol", carol);
        assertThat(removed.getGroup().getChangeSeq()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> carol.events.stream()
                .anyMatch(e -> e.getVersion() > 0 && e.getMessage().getChange().getKind()
                        == GroupChange.Kind.MEMBERS_REMOVED && e.getMessage().getSeq() == 4));
        carol.events.clear();

        assertThat(send(bob, group, "after-1", "after carol").getSendAck().getSeq()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> dave.events.stream()
                .anyMatch(e -> e.getMessage().getSeq() == 5));
        assertThat(carol.events.stream().map(e -> e.getMessage().getSeq()))
                .as("the removed member gets nothing after removal").doesNotContain(5L);

        final Reply refused = send(carol, group, "carol-1", "still here?");
        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        // a former member still reads what they were shown, up to the removal
        assertThat(seqs(history(carol, group).getHistory())).containsExactly(1L, 2L, 3L, 4L);
        assertThat(history(carol, group).getHistory().getLatestSeq()).isEqualTo(4);
        assertThat(seqs(history(dave, group).getHistory())).containsExactly(3L, 4L, 5L);
    }

    @Test
    void a_resend_of_a_message_stored_before_leaving_is_acknowledged_as_stored_not_refused() throws Exception {
        final String group = create(alice, "create-resend", "Short stay", bob).getConversationId();
        final Reply stored = send(bob, group, "bye-msg", "see you");
        assertThat(stored.hasSendAck()).isTrue();
        assertThat(request(bob, Uplink.newBuilder().setLeaveGroup(LeaveGroup.newBuilder()
                .setRequestId("bob-leaves").setConversationId(group)).build()).hasGroup()).isTrue();

        final Reply resent = send(bob, group, "bye-msg", "see you");
        assertThat(resent.hasSendAck()).as("%s", resent).isTrue();
        assertThat(resent.getSendAck().getDuplicate()).isTrue();
        assertThat(resent.getSendAck().getSeq()).isEqualTo(stored.getSendAck().getSeq());
        assertThat(send(bob, group, "after-leaving", "hello?").getError().getCode()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        // created, the message, the departure: nothing more
        assertThat(SERVER.stores().messages().latestSeq(group).join()).isEqualTo(3);
    }

    @Test
    void non_members_cannot_send_read_or_list_members_and_plain_members_cannot_manage() throws Exception {
        final String group = create(alice, "create-3", "Closed", bob).getConversationId();
        assertThat(send(dave, group, "x-1", "let me in").getError().getCode()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(history(dave, group).getError().getCode()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(request(dave, Uplink.newBuilder().setListMembers(ListMembers.newBuilder()
                .setConversationId(group)).build()).getError().getCode()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(changeMembers(dave, true, group, "self-add", dave).getError().getCode())
                .isEqualTo(ErrorCode.NOT_A_MEMBER);
        // a group that does not exist looks the same as one the user is not in
        assertThat(send(dave, "g:aaaaaaaaaaaaaaaaaaaaaaaaaa", "x-2", "hi").getError().getCode())
                .isEqualTo(ErrorCode.NOT_A_MEMBER);

        assertThat(changeMembers(bob, true, group, "bob-adds", carol).getError().getCode())
                .isEqualTo(ErrorCode.NOT_AUTHORIZED);
        assertThat(request(bob, Uplink.newBuilder().setRenameGroup(RenameGroup.newBuilder().setRequestId("r-1")
                .setConversationId(group).setName("Mine")).build()).getError().getCode())
                .isEqualTo(ErrorCode.NOT_AUTHORIZED);
        assertThat(changeMembers(alice, true, group, "add-ghost", device("ghost")).hasGroup()).isTrue();
        assertThat(request(alice, Uplink.newBuilder().setAddMembers(ChangeMembers.newBuilder().setRequestId("a-9")
                .setConversationId(group).addUserIds("nobody-such")).build()).getError().getCode())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(request(alice, Uplink.newBuilder().setCreateGroup(CreateGroup.newBuilder().setRequestId("c-9")
                .setName("  ")).build()).getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        // nothing of the refused requests was stored: creation, the one addition
        assertThat(SERVER.stores().messages().latestSeq(group).join()).isEqualTo(2);
    }

    @Test
    void admins_manage_the_owner_hands_over_and_the_cap_holds() throws Exception {
        final String group = create(alice, "create-4", "Club", bob, carol).getConversationId();
        final Reply promoted = request(alice, Uplink.newBuilder().setSetMemberRole(SetMemberRole.newBuilder()
                .setRequestId("promote-bob").setConversationId(group).setUserId(bob.userId).setRole(Role.ADMIN)).build());
        assertThat(promoted.getGroup().getChangeSeq()).isEqualTo(2);
        assertThat(changeMembers(bob, true, group, "bob-adds-dave", dave).getGroup().getMemberCount()).isEqualTo(4);
        // an admin cannot remove another admin's owner
        assertThat(changeMembers(bob, false, group, "bob-removes-alice", alice).getError().getCode())
                .isEqualTo(ErrorCode.NOT_AUTHORIZED);
        // the cap is 6 here: two more fit, a third does not
        final RawDevice erin = device("erin");
        final RawDevice frank = device("frank");
        final RawDevice gina = device("gina");
        assertThat(changeMembers(bob, true, group, "add-two", erin, frank).getGroup().getMemberCount()).isEqualTo(6);
        assertThat(changeMembers(bob, true, group, "add-one-more", gina).getError().getCode())
                .isEqualTo(ErrorCode.GROUP_FULL);

        final Reply left = request(alice, Uplink.newBuilder().setLeaveGroup(LeaveGroup.newBuilder()
                .setRequestId("alice-leaves").setConversationId(group)).build());
        assertThat(left.getGroup().getOwnerUserId()).as("the longest-standing admin inherits").isEqualTo(bob.userId);
        final List<Member> members = request(bob, Uplink.newBuilder().setListMembers(ListMembers.newBuilder()
                .setConversationId(group)).build()).getMembers().getMembersList();
        assertThat(members).extracting(Member::getUserId).doesNotContain(alice.userId).hasSize(5);
        assertThat(members).filteredOn(m -> m.getUserId().equals(bob.userId)).extracting(Member::getRole)
                .containsExactly(Role.OWNER);
        // a resent leave is answered with the first outcome
        final Reply leftAgain = request(alice, Uplink.newBuilder().setLeaveGroup(LeaveGroup.newBuilder()
                .setRequestId("alice-leaves").setConversationId(group)).build());
        assertThat(leftAgain.getGroup().getChangeSeq()).isEqualTo(left.getGroup().getChangeSeq());
    }
}
