package io.missive.server.e2e;

import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.server.RejectionReason;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.ListDevices;
import io.missive.protocol.v1.RegisterPush;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.UnregisterPush;
import io.missive.protocol.v1.UpdateConversationSettings;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.PushRegistration;
import io.missive.server.EndToEnd;
import io.missive.server.ExtensionMetrics;
import io.missive.server.MockApns;
import io.missive.server.TestServer;
import io.missive.storage.device.Device;
import io.missive.storage.device.PushToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;


import static io.missive.server.e2e.GroupEndToEndTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * APNs notifications end to end: the real server sends through Pushy over TLS to Pushy's mock
 * APNs server, which verifies every provider token against the configured key.
 */
@Tag("redis")
@EndToEnd
class PushEndToEndTest {

    static final String TOPIC = "io.missive.test-app";
    private static final MockApns APNS = MockApns.start();

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(APNS.configure().andThen(c -> c
            .set("push.flush-ms", "50")
            .set("push.retry-base-ms", "100")
            .set("counters.flush-ms", "50")));

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeDevices() throws Exception {
        for (final AutoCloseable c : open) {
            c.close();
        }
        APNS.failEverything(null);
    }

    @AfterAll
    static void stopApns() {
        APNS.close();
    }

    static String newToken() {
        final byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private RawDevice device(final String user, final String deviceId) throws Exception {
        final RawDevice device = RawDevice.connect(SERVER.mqttUri(), user, deviceId, SERVER.password(user));
        open.add(device);
        assertThat(request(device, Uplink.newBuilder().setSync(SyncRequest.newBuilder()).build()).hasSync()).isTrue();
        return device;
    }

    private static Reply register(final RawDevice device, final String token, final boolean sandbox) throws Exception {
        return request(device, Uplink.newBuilder().setRegisterPush(RegisterPush.newBuilder().setApnsToken(token)
                .setTopic(TOPIC).setSandbox(sandbox)).build());
    }

    /** A device of the user that registers the token and goes away; returns the token. */
    private String offlineDevice(final String user, final String deviceId) throws Exception {
        final String token = newToken();
        final RawDevice device = device(user, deviceId);
        final Reply reply = register(device, token, false);
        assertThat(reply.getPush().getRegistered()).as("%s", reply).isTrue();
        device.close();
        awaitDisconnected(deviceId);
        return token;
    }

    /** The broker no longer counts the connection (its end reached the extension just before). */
    private static void awaitDisconnected(final String deviceId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !SERVER.server().isConnected(deviceId));
    }

    private static Reply send(final RawDevice from, final String toUser, final String id, final String text)
            throws Exception {
        return send(from, SendMessage.newBuilder().setToUserId(toUser), id, text);
    }

    private static Reply sendTo(final RawDevice from, final String conversation, final String id, final String text)
            throws Exception {
        return send(from, SendMessage.newBuilder().setConversationId(conversation), id, text);
    }

    private static Reply send(final RawDevice from, final SendMessage.Builder target, final String id,
                              final String text) throws Exception {
        final Reply reply = request(from, Uplink.newBuilder().setSend(target.setClientMsgId(id)
                .setContent(Content.newBuilder().setText(text))).build());
        assertThat(reply.hasSendAck()).as("%s", reply).isTrue();
        return reply;
    }

    private static MockApns.Received lastFor(final String token, final String conversation, final long seq) {
        final List<MockApns.Received> got = APNS.acceptedFor(token);
        return got.stream().filter(r -> conversation.equals(r.payload().get("conversation_id"))
                        && ((Number) r.payload().get("seq")).longValue() == seq)
                .reduce((a, b) -> b).orElse(null);
    }

    @Test
    void an_offline_device_gets_an_alert_with_the_total_unread_badge_thread_and_payload() throws Exception {
        final String bob = SERVER.createUser("bob");
        final String alice = SERVER.uniqueUserId("alice");
        SERVER.createUser(alice, SERVER.password(alice), "Alice Liddell");
        final String carol = SERVER.createUser("carol");
        final String token = offlineDevice(bob, bob + "-phone");
        final RawDevice alicePhone = device(alice, alice + "-phone");
        final RawDevice carolPhone = device(carol, carol + "-phone");

        send(carolPhone, bob, "c1", "from carol");
        send(alicePhone, bob, "a1", "first");
        final Reply last = send(alicePhone, bob, "a2", "are you there?");
        final String conversation = last.getSendAck().getConversationId();
        final long seq = last.getSendAck().getSeq();

        await().atMost(Duration.ofSeconds(10)).until(() -> lastFor(token, conversation, seq) != null);
        final MockApns.Received push = lastFor(token, conversation, seq);
        assertThat(push.topic()).isEqualTo(TOPIC);
        assertThat(push.pushType()).isEqualTo(PushType.ALERT);
        assertThat(push.priority()).isEqualTo(DeliveryPriority.IMMEDIATE);
        assertThat(push.collapseId()).isEqualTo(conversation);
        assertThat(push.aps().get("thread-id")).isEqualTo(conversation);
        assertThat(push.alert()).containsEntry("title", "Alice Liddell").containsEntry("body", "are you there?");
        assertThat(push.aps().get("sound")).isEqualTo("default");
        // the badge is bob's total: one from carol, two from alice
        assertThat(push.badge()).isEqualTo(3L);
        assertThat(push.payload()).containsEntry("conversation_id", conversation);
        assertThat(((Number) push.payload().get("seq")).longValue()).isEqualTo(seq);
        assertThat(ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_SENT)).isPositive();
    }

    @Test
    void a_connected_device_gets_no_push_while_the_users_offline_device_does() throws Exception {
        final String bob = SERVER.createUser("bob");
        final String alice = SERVER.createUser("alice");
        final String phoneToken = offlineDevice(bob, bob + "-phone");
        final RawDevice tablet = device(bob, bob + "-tablet");
        final String tabletToken = newToken();
        assertThat(register(tablet, tabletToken, true).getPush().getSandbox()).isTrue();
        final RawDevice alicePhone = device(alice, alice + "-phone");

        final Reply first = send(alicePhone, bob, "m1", "one");
        final Reply second = send(alicePhone, bob, "m2", "two");
        final String conversation = second.getSendAck().getConversationId();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lastFor(phoneToken, conversation, second.getSendAck().getSeq()) != null);
        assertThat(first.getSendAck().getSeq()).isLessThan(second.getSendAck().getSeq());
        // both messages reached the tablet live, and no notification did
        assertThat(tablet.events).hasSizeGreaterThanOrEqualTo(2);
        assertThat(APNS.acceptedFor(tabletToken)).isEmpty();
    }

    @Test
    void a_muted_conversation_sends_a_silent_badge_update_and_others_still_alert() throws Exception {
        final String bob = SERVER.createUser("bob");
        final String alice = SERVER.createUser("alice");
        final String dave = SERVER.createUser("dave");
        final String conversation = Ids.directConversation(alice, bob);
        final RawDevice bobPhone = device(bob, bob + "-phone");
        final String token = newToken();
        register(bobPhone, token, false);
        final RawDevice alicePhone = device(alice, alice + "-phone");
        send(alicePhone, bob, "hello", "hello");
        final Reply muted = request(bobPhone, Uplink.newBuilder().setUpdateSettings(UpdateConversationSettings
                .newBuilder().setConversationId(conversation).setMuted(true)).build());
        assertThat(muted.getSettings().getMuted()).as("%s", muted).isTrue();
        bobPhone.close();
        awaitDisconnected(bob + "-phone");

        final long seq = send(alicePhone, bob, "quiet", "you muted me").getSendAck().getSeq();
        await().atMost(Duration.ofSeconds(10)).until(() -> lastFor(token, conversation, seq) != null);
        final MockApns.Received silent = lastFor(token, conversation, seq);
        assertThat(silent.alert()).isNull();
        assertThat(silent.aps()).doesNotContainKey("sound");
        assertThat(silent.badge()).isEqualTo(2L);
        assertThat(silent.priority()).isEqualTo(DeliveryPriority.CONSERVE_POWER);

        // another conversation of the same user still alerts, with the badge over both
        final RawDevice davePhone = device(dave, dave + "-phone");
        final Reply fromDave = send(davePhone, bob, "d1", "not muted");
        final String daveConversation = fromDave.getSendAck().getConversationId();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lastFor(token, daveConversation, fromDave.getSendAck().getSeq()) != null);
        final MockApns.Received alert = lastFor(token, daveConversation, fromDave.getSendAck().getSeq());
        assertThat(alert.alert()).containsEntry("body", "not muted");
        assertThat(alert.badge()).isEqualTo(3L);
    }

    @Test
    void group_messages_alert_offline_members_with_the_group_and_sender_names() throws Exception {
        final String owner = SERVER.createUser("owner");
        final String bob = SERVER.createUser("bob");
        final String token = offlineDevice(bob, bob + "-phone");
        final RawDevice ownerPhone = device(owner, owner + "-phone");
        final Reply created = request(ownerPhone, Uplink.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                .setRequestId("g1").setName("Climbing").addMemberIds(bob)).build());
        final String group = created.getGroup().getConversationId();
        final long seq = sendTo(ownerPhone, group, "g-m1", "rope at 6").getSendAck().getSeq();

        await().atMost(Duration.ofSeconds(10)).until(() -> lastFor(token, group, seq) != null);
        final MockApns.Received push = lastFor(token, group, seq);
        assertThat(push.alert()).containsEntry("title", "Climbing").containsEntry("body", owner + ": rope at 6");
        assertThat(push.collapseId()).isEqualTo(group);
        // joining counts as having read up to the join: only this message is unread
        assertThat(push.badge()).isEqualTo(1L);
        // group events are not pushed: only this message's notification reached the phone
        assertThat(APNS.acceptedFor(token)).hasSize(1);
    }

    @Test
    void tokens_apns_rejects_are_removed_and_get_no_more_notifications() throws Exception {
        final String bob = SERVER.createUser("bob");
        final String alice = SERVER.createUser("alice");
        final String badToken = newToken();
        final String goneToken = newToken();
        APNS.rejectAsBadDeviceToken(badToken);
        APNS.unregister(goneToken);
        final RawDevice old = device(bob, bob + "-old");
        register(old, badToken, false);
        old.close();
        final RawDevice uninstalled = device(bob, bob + "-uninstalled");
        register(uninstalled, goneToken, false);
        uninstalled.close();
        awaitDisconnected(bob + "-old");
        awaitDisconnected(bob + "-uninstalled");
        final long removedBefore = ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_TOKENS_REMOVED);

        final RawDevice alicePhone = device(alice, alice + "-phone");
        send(alicePhone, bob, "x1", "anyone?");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                SERVER.stores().devices().find(bob + "-old").join().map(Device::push).isEmpty()
                        && SERVER.stores().devices().find(bob + "-uninstalled").join().map(Device::push).isEmpty());
        assertThat(ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_TOKENS_REMOVED)).isEqualTo(removedBefore + 2);
        // the devices themselves are untouched: they can log in and register again
        assertThat(SERVER.stores().devices().find(bob + "-old").join().orElseThrow().tokenHash()).isNotNull();

        final int requestsBefore = APNS.requests();
        final String token = offlineDevice(bob, bob + "-new");
        final long seq = send(alicePhone, bob, "x2", "now?").getSendAck().getSeq();
        final String conversation = Ids.directConversation(alice, bob);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastFor(token, conversation, seq) != null);
        // only the new device was asked for
        assertThat(APNS.requests() - requestsBefore).isEqualTo(1);
    }

    @Test
    void apns_failing_or_gone_neither_delays_nor_loses_messages_and_notifications_are_retried() throws Exception {
        final String bob = SERVER.createUser("bob");
        final String alice = SERVER.createUser("alice");
        final String token = offlineDevice(bob, bob + "-phone");
        final RawDevice bobTablet = device(bob, bob + "-tablet");
        final RawDevice alicePhone = device(alice, alice + "-phone");
        final String conversation = Ids.directConversation(alice, bob);
        final long retriedBefore = ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_RETRIED);

        APNS.failEverything(RejectionReason.SERVICE_UNAVAILABLE);
        for (int i = 0; i < 5; i++) {
            send(alicePhone, bob, "down-" + i, "while APNs answers 503: " + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_RETRIED)
                > retriedBefore);
        APNS.stop();
        final long lastSeq = send(alicePhone, bob, "gone", "while APNs is gone").getSendAck().getSeq();
        // every message was acknowledged (above) and reached bob's connected tablet live
        await().atMost(Duration.ofSeconds(10)).until(() -> bobTablet.events.stream()
                .filter(e -> e.hasMessage() && e.getMessage().getConversationId().equals(conversation))
                .count() == 6);
        assertThat(SERVER.stores().messages().latestSeq(conversation).join()).isEqualTo(lastSeq);

        // APNs back: the notifications still in their retry window arrive
        APNS.failEverything(null);
        APNS.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> lastFor(token, conversation, lastSeq) != null);
        assertThat(lastFor(token, conversation, lastSeq).badge()).isEqualTo(6L);
    }

    @Test
    void a_token_moves_to_the_device_that_registers_it_last_and_bad_registrations_change_nothing() throws Exception {
        final String bob = SERVER.createUser("bob");
        final String eve = SERVER.createUser("eve");
        final String token = newToken();
        final RawDevice bobPhone = device(bob, bob + "-phone");
        register(bobPhone, token, false);
        // the phone now logs in as eve (same app install, same token)
        final RawDevice evePhone = device(eve, eve + "-phone");
        register(evePhone, token.toUpperCase(Locale.ROOT), false);
        assertThat(SERVER.stores().devices().find(bob + "-phone").join().orElseThrow().push()).isNull();
        assertThat(SERVER.stores().devices().find(eve + "-phone").join().orElseThrow().push())
                .isEqualTo(new PushToken(token, TOPIC, false));

        for (final String bad : List.of("", "abc", "zz" + token.substring(2), token + "0", "00".repeat(101))) {
            final Reply reply = register(bobPhone, bad, false);
            assertThat(reply.getError().getCode()).as(bad).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
        final Reply badTopic = request(bobPhone, Uplink.newBuilder().setRegisterPush(RegisterPush.newBuilder()
                .setApnsToken(newToken()).setTopic("com.example/app")).build());
        assertThat(badTopic.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(SERVER.stores().devices().find(bob + "-phone").join().orElseThrow().push()).isNull();

        final Reply listed = request(evePhone, Uplink.newBuilder().setListDevices(ListDevices.getDefaultInstance())
                .build());
        assertThat(listed.getDevices().getDevicesList()).singleElement()
                .satisfies(d -> assertThat(d.getPushRegistered()).isTrue());
        final Reply off = request(evePhone, Uplink.newBuilder().setUnregisterPush(UnregisterPush.getDefaultInstance())
                .build());
        assertThat(off.getPush().getRegistered()).isFalse();
        assertThat(SERVER.stores().devices().find(eve + "-phone").join().orElseThrow().push()).isNull();
    }

    @Test
    void the_sdk_registers_the_token_that_later_notifications_go_to() throws Exception {
        final String bob = SERVER.createUser("bob");
        final String alice = SERVER.createUser("alice");
        final String token = newToken();
        final MissiveClient client = MissiveClient.builder().serverUri(SERVER.mqttUri()).userId(bob)
                .deviceId(bob + "-iphone").password(SERVER.password(bob)).build();
        client.connect().join();
        final PushRegistration registration = client.registerPush(token, TOPIC, true).join();
        assertThat(registration.registered()).isTrue();
        assertThat(registration.sandbox()).isTrue();
        client.close().join();
        awaitDisconnected(bob + "-iphone");

        final RawDevice alicePhone = device(alice, alice + "-phone");
        final long seq = send(alicePhone, bob, "s1", "via the SDK").getSendAck().getSeq();
        final String conversation = Ids.directConversation(alice, bob);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastFor(token, conversation, seq) != null);
        assertThat(lastFor(token, conversation, seq).topic()).isEqualTo(TOPIC);
    }

}
