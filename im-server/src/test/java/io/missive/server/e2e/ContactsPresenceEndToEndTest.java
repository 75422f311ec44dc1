package io.missive.server.e2e;

import io.missive.protocol.v1.Contact;
import io.missive.protocol.v1.ContactState;
import io.missive.protocol.v1.ContactTarget;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.ListContacts;
import io.missive.protocol.v1.Presence;
import io.missive.protocol.v1.PresenceSubscription;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.missive.server.e2e.GroupEndToEndTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Contacts (request, accept, remove, block) and presence for contacts only. */
@EndToEnd
class ContactsPresenceEndToEndTest {

    private static final int DEBOUNCE_MS = 500;

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c.set("presence.debounce-ms", Integer.toString(DEBOUNCE_MS)));

    private final List<RawDevice> devices = new ArrayList<>();
    private final List<TcpProxy> proxies = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        devices.forEach(RawDevice::close);
        for (final TcpProxy proxy : proxies) {
            proxy.close();
        }
    }

    private RawDevice device(final String user, final String uri, final int keepAlive) throws Exception {
        final RawDevice device = RawDevice.connect(uri, user, user + "-" + devices.size(), SERVER.password(user),
                keepAlive);
        devices.add(device);
        assertThat(request(device, Uplink.newBuilder().setSync(SyncRequest.newBuilder()).build()).hasSync()).isTrue();
        return device;
    }

    private RawDevice device(final String prefix) throws Exception {
        return device(SERVER.createUser(prefix), SERVER.mqttUri(), 60);
    }

    private static Uplink contact(final String op, final String user) {
        final ContactTarget target = ContactTarget.newBuilder().setUserId(user).build();
        final Uplink.Builder uplink = Uplink.newBuilder();
        switch (op) {
            case "request":
                return uplink.setRequestContact(target).build();
            case "accept":
                return uplink.setAcceptContact(target).build();
            case "remove":
                return uplink.setRemoveContact(target).build();
            case "block":
                return uplink.setBlockUser(target).build();
            default:
                return uplink.setUnblockUser(target).build();
        }
    }

    private static Uplink follow(final String... users) {
        return Uplink.newBuilder().setSubscribePresence(PresenceSubscription.newBuilder().addAllUserIds(List.of(users)))
                .build();
    }

    private static List<Presence> presenceEvents(final RawDevice device, final String about) {
        return device.events.stream().filter(e -> e.getVersion() == 0 && e.hasPresence())
                .map(SyncEvent::getPresence).filter(p -> p.getUserId().equals(about)).collect(Collectors.toList());
    }

    private void befriend(final RawDevice a, final RawDevice b) throws Exception {
        assertThat(request(a, contact("request", b.userId)).getContact().getState())
                .isEqualTo(ContactState.CONTACT_REQUEST_SENT);
        assertThat(request(b, contact("accept", a.userId)).getContact().getState())
                .isEqualTo(ContactState.CONTACT_ACCEPTED);
    }

    @Test
    void a_request_accepted_makes_contacts_on_both_sides_and_each_side_is_told() throws Exception {
        final RawDevice ann = device("ann");
        final RawDevice ben = device("ben");
        request(ann, contact("request", ben.userId));
        await().atMost(Duration.ofSeconds(10)).until(() -> ben.events.stream().anyMatch(e -> e.getVersion() > 0
                && e.getContact().getUserId().equals(ann.userId)
                && e.getContact().getState() == ContactState.CONTACT_REQUEST_RECEIVED));
        // asking back accepts
        assertThat(request(ben, contact("request", ann.userId)).getContact().getState())
                .isEqualTo(ContactState.CONTACT_ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> ann.events.stream().anyMatch(e -> e.getVersion() > 0
                && e.getContact().getUserId().equals(ben.userId)
                && e.getContact().getState() == ContactState.CONTACT_ACCEPTED));
        final List<Contact> list = request(ann, Uplink.newBuilder().setListContacts(ListContacts.getDefaultInstance())
                .build()).getContacts().getContactsList();
        assertThat(list).extracting(Contact::getUserId, Contact::getState)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ben.userId, ContactState.CONTACT_ACCEPTED));

        assertThat(request(ann, contact("remove", ben.userId)).getContact().getState())
                .isEqualTo(ContactState.CONTACT_NONE);
        assertThat(request(ben, contact("accept", ann.userId)).getError().getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(request(ann, contact("request", "no-such-user")).getError().getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(request(ann, contact("request", ann.userId)).getError().getCode())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void a_blocked_user_cannot_message_ask_or_follow_and_is_not_told_about_the_block() throws Exception {
        final RawDevice cat = device("cat");
        final RawDevice dan = device("dan");
        befriend(cat, dan);
        assertThat(request(dan, Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("before")
                .setToUserId(cat.userId).setContent(Content.newBuilder().setText("hi"))).build()).hasSendAck()).isTrue();

        assertThat(request(cat, contact("block", dan.userId)).getContact().getState())
                .isEqualTo(ContactState.CONTACT_BLOCKED);
        final Reply refused = request(dan, Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("after")
                .setToUserId(cat.userId).setContent(Content.newBuilder().setText("hello?"))).build());
        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.BLOCKED);
        // the blocker cannot write either, until unblocking
        assertThat(request(cat, Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("cat-1")
                .setToUserId(dan.userId).setContent(Content.newBuilder().setText("x"))).build()).getError().getCode())
                .isEqualTo(ErrorCode.BLOCKED);
        assertThat(request(dan, contact("request", cat.userId)).getError().getCode()).isEqualTo(ErrorCode.BLOCKED);
        assertThat(request(dan, follow(cat.userId)).getError().getCode()).isEqualTo(ErrorCode.NOT_A_CONTACT);
        assertThat(dan.events.stream().anyMatch(e -> e.getContact().getState() == ContactState.CONTACT_BLOCKED))
                .as("the block itself is never announced to the blocked user").isFalse();
        final String conversation = io.missive.protocol.Ids.directConversation(cat.userId, dan.userId);
        assertThat(SERVER.stores().messages().latestSeq(conversation).join()).isEqualTo(1);

        request(cat, contact("unblock", dan.userId));
        assertThat(request(dan, Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("again")
                .setToUserId(cat.userId).setContent(Content.newBuilder().setText("back"))).build()).hasSendAck())
                .isTrue();
    }

    @Test
    void a_resend_of_a_message_stored_before_a_block_is_acknowledged_as_stored_not_refused() throws Exception {
        final RawDevice eve = device("eve");
        final RawDevice fay = device("fay");
        final Uplink first = Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("lost-ack")
                .setToUserId(fay.userId).setContent(Content.newBuilder().setText("stored"))).build();
        final Reply stored = request(eve, first);
        assertThat(stored.hasSendAck()).isTrue();
        assertThat(request(fay, contact("block", eve.userId)).getContact().getState())
                .isEqualTo(ContactState.CONTACT_BLOCKED);

        // the sender never saw the ack (say its connection dropped) and sends the same message again
        assertThat(eve.request(first.toByteArray())).isZero();
        final Reply resent = eve.nextReply();
        assertThat(resent.hasSendAck()).as("%s", resent).isTrue();
        assertThat(resent.getSendAck().getDuplicate()).isTrue();
        assertThat(resent.getSendAck().getSeq()).isEqualTo(stored.getSendAck().getSeq());
        assertThat(resent.getSendAck().getMessageId()).isEqualTo(stored.getSendAck().getMessageId());
        // a new message is refused as before
        assertThat(request(eve, Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("new-one")
                .setToUserId(fay.userId).setContent(Content.newBuilder().setText("x"))).build()).getError().getCode())
                .isEqualTo(ErrorCode.BLOCKED);
        assertThat(SERVER.stores().messages().latestSeq(stored.getSendAck().getConversationId()).join()).isEqualTo(1);
    }

    @Test
    void only_contacts_follow_presence_and_they_see_online_and_offline() throws Exception {
        final RawDevice eve = device("eve");
        final RawDevice stranger = device("stranger");
        assertThat(request(stranger, follow(eve.userId)).getError().getCode()).isEqualTo(ErrorCode.NOT_A_CONTACT);

        final String gil = SERVER.createUser("gil");
        befriendUser(eve, gil);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !request(eve, follow(gil)).getPresence().getPresence(0).getOnline());
        final RawDevice gilPhone = device(gil, SERVER.mqttUri(), 60);
        await().atMost(Duration.ofSeconds(10)).until(() -> presenceEvents(eve, gil).stream()
                .anyMatch(Presence::getOnline));
        eve.events.clear();
        gilPhone.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> presenceEvents(eve, gil).stream()
                .anyMatch(p -> !p.getOnline() && p.getLastSeenMs() > 0));
        final long lastSeen = presenceEvents(eve, gil).stream().filter(p -> !p.getOnline())
                .mapToLong(Presence::getLastSeenMs).max().orElseThrow();
        // the time announced is also stored (written behind, within a second), for other nodes and restarts
        await().atMost(Duration.ofSeconds(10)).until(() ->
                SERVER.stores().users().lastSeen(List.of(gil)).join().getOrDefault(gil, 0L) == lastSeen);
        assertThat(request(stranger, follow(gil)).getError().getCode()).isEqualTo(ErrorCode.NOT_A_CONTACT);
        assertThat(stranger.events.stream().anyMatch(SyncEvent::hasPresence)).isFalse();
    }

    private void befriendUser(final RawDevice a, final String b) throws Exception {
        final RawDevice other = device(b, SERVER.mqttUri(), 60);
        befriend(a, other);
        other.close();
        devices.remove(other);
        // let its presence settle (the debounce passes, offline is announced) before the test goes on
        final long settled = System.currentTimeMillis() + 3L * DEBOUNCE_MS;
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > settled);
    }

    @Test
    void a_device_that_vanishes_silently_is_offline_within_its_keepalive_bound() throws Exception {
        final RawDevice watcher = device("watcher");
        final String hal = SERVER.createUser("hal");
        befriendUser(watcher, hal);
        final TcpProxy proxy = new TcpProxy(SERVER.mqttPort());
        proxies.add(proxy);
        final int keepAlive = 2;
        device(hal, proxy.uri(), keepAlive);
        request(watcher, follow(hal));
        await().atMost(Duration.ofSeconds(10)).until(() -> presenceEvents(watcher, hal).stream()
                .anyMatch(Presence::getOnline) || request(watcher, follow(hal)).getPresence().getPresence(0).getOnline());
        watcher.events.clear();

        final long vanished = System.currentTimeMillis();
        proxy.freeze();
        // the broker gives up after 1.5 keepalives; followers hear it after the debounce
        final long bound = keepAlive * 1_500L + DEBOUNCE_MS;
        await().atMost(Duration.ofMillis(bound + 2_000)).until(() -> presenceEvents(watcher, hal).stream()
                .anyMatch(p -> !p.getOnline()));
        assertThat(System.currentTimeMillis() - vanished).as("not a TCP close: only keepalive could tell")
                .isGreaterThanOrEqualTo(keepAlive * 1_000L);
    }

    @Test
    void a_flapping_connection_does_not_flood_followers() throws Exception {
        final RawDevice watcher = device("calm");
        final String ivy = SERVER.createUser("ivy");
        befriendUser(watcher, ivy);
        request(watcher, follow(ivy));
        watcher.events.clear();
        // five quick reconnects, each shorter than the debounce
        for (int i = 0; i < 5; i++) {
            final RawDevice flap = RawDevice.connect(SERVER.mqttUri(), ivy, ivy + "-flap", SERVER.password(ivy));
            flap.close();
        }
        final RawDevice stays = device(ivy, SERVER.mqttUri(), 60);
        await().atMost(Duration.ofSeconds(10)).until(() -> presenceEvents(watcher, ivy).stream()
                .anyMatch(Presence::getOnline));
        // settle past the debounce, then count: the flapping settled into one change
        final long settled = System.currentTimeMillis() + 3L * DEBOUNCE_MS;
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > settled);
        assertThat(presenceEvents(watcher, ivy).size()).as("events for 11 connection changes").isLessThanOrEqualTo(2);
        assertThat(presenceEvents(watcher, ivy).get(presenceEvents(watcher, ivy).size() - 1).getOnline()).isTrue();
        assertThat(stays.client.isConnected()).isTrue();
    }
}
