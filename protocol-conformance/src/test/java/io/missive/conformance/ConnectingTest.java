package io.missive.conformance;

import io.missive.protocol.Ids;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section "Connecting" of docs/protocol.md: the CONNECT a device sends, the device token, and every
 * CONNACK refusal.
 */
@Timeout(30)
class ConnectingTest extends ConformanceTest {

    private static Login login(final String deviceId, final String userId, final String secret) {
        return Login.attempt(server().mqttUri(), deviceId, userId, secret);
    }

    @Test
    void a_password_login_is_answered_with_a_fresh_device_token() {
        final String alice = newUser("alice");
        final Login first = login(newDeviceId(alice), alice, server().password(alice));
        assertThat(first.reasonCode()).isZero();
        assertThat(first.deviceToken()).startsWith("mvt1.");
    }

    @Test
    void a_token_login_is_admitted_and_answered_with_no_token() {
        final String alice = newUser("alice");
        final String phone = newDeviceId(alice);
        final String token = login(phone, alice, server().password(alice)).deviceToken();
        final Login again = login(phone, alice, token);
        assertThat(again.reasonCode()).isZero();
        assertThat(again.deviceToken()).isNull();
    }

    @Test
    void each_password_login_replaces_the_devices_previous_token() {
        final String alice = newUser("alice");
        final String phone = newDeviceId(alice);
        final String first = login(phone, alice, server().password(alice)).deviceToken();
        final String second = login(phone, alice, server().password(alice)).deviceToken();
        assertThat(second).isNotEqualTo(first);
        assertThat(login(phone, alice, first).reasonCode()).isEqualTo(0x86);
        assertThat(login(phone, alice, second).reasonCode()).isZero();
    }

    @Test
    void a_token_logs_in_its_own_device_only() {
        final String alice = newUser("alice");
        final String token = login(newDeviceId(alice), alice, server().password(alice)).deviceToken();
        assertThat(login(newDeviceId(alice), alice, token).reasonCode()).isEqualTo(0x86);
    }

    @Test
    void an_unknown_user_a_wrong_password_and_a_forged_token_are_refused_with_0x86() {
        final String alice = newUser("alice");
        assertThat(login(newDeviceId(alice), Strangers.unknownUser(), "some-password").reasonCode()).isEqualTo(0x86);
        assertThat(login(newDeviceId(alice), alice, "not-the-password").reasonCode()).isEqualTo(0x86);
        assertThat(login(newDeviceId(alice), alice, "mvt1.forged-token").reasonCode()).isEqualTo(0x86);
    }

    @Test
    void a_connect_without_user_name_or_without_password_is_refused_with_0x87() {
        final String alice = newUser("alice");
        assertThat(Login.attempt(server().mqttUri(), newDeviceId(alice), null, null).reasonCode()).isEqualTo(0x87);
        assertThat(Login.attempt(server().mqttUri(), newDeviceId(alice), alice, null).reasonCode()).isEqualTo(0x87);
        assertThat(login(newDeviceId(alice), alice, "").reasonCode()).isEqualTo(0x87);
    }

    @Test
    void a_connect_with_a_will_is_refused_with_0x87() {
        final String alice = newUser("alice");
        final String deviceId = newDeviceId(alice);
        final MqttWire.Connect withWill = MqttWire.Connect.of(deviceId, alice, server().password(alice))
                .will(Topics.uplink(alice, deviceId));
        assertThat(Login.attempt(server().mqttUri(), withWill).reasonCode()).isEqualTo(0x87);
    }

    @Test
    void a_revoked_device_token_is_refused_with_0x87_and_the_password_still_logs_the_device_in() {
        final String alice = newUser("alice");
        final RawClient phone = connect(alice);
        final RawClient tablet = connect(alice);
        final String token = phone.deviceToken();
        ok(tablet.request(Uplinks.revokeDevice(phone.deviceId())));
        assertThat(login(phone.deviceId(), alice, token).reasonCode()).isEqualTo(0x87);
        assertThat(login(phone.deviceId(), alice, server().password(alice)).reasonCode()).isZero();
    }

    @Test
    void after_five_failed_password_logins_password_logins_are_paused_with_0x9f_but_token_logins_are_not() {
        final String alice = newUser("alice");
        final String phone = newDeviceId(alice);
        final String token = login(phone, alice, server().password(alice)).deviceToken();
        for (int i = 1; i <= 5; i++) {
            assertThat(login(newDeviceId(alice), alice, "guess-" + i).reasonCode()).as("guess %d", i).isEqualTo(0x86);
        }
        // the right password is not even checked during the pause
        assertThat(login(newDeviceId(alice), alice, server().password(alice)).reasonCode()).isEqualTo(0x9F);
        assertThat(login(phone, alice, token).reasonCode()).isZero();
    }

    @Test
    void without_self_registration_a_register_request_for_an_unknown_user_is_refused_with_0x86_and_creates_nobody() {
        final String newcomer = Strangers.unknownUser();
        for (int attempt = 0; attempt < 2; attempt++) {
            final Login login = Login.attempt(server().mqttUri(), MqttWire.Connect.of(newcomer + "-phone", newcomer,
                    "a-good-password").userProperty("missive-register", "true"));
            assertThat(login.reasonCode()).isEqualTo(0x86);
        }
    }

    @Test
    void a_device_admitted_again_takes_over_and_its_older_connection_gets_disconnect_0x8e() {
        final String alice = newUser("alice");
        final RawClient first = connect(alice);
        final RawClient second = connect(alice, first.deviceId(), first.deviceToken());
        assertThat(first.awaitDisconnect()).isEqualTo(0x8E);
        assertThat(ok(second.request(Uplinks.listDevices())).getDevices().getDevicesCount()).isOne();
    }

    @Test
    void a_request_written_right_behind_the_connect_is_handled_once_the_device_is_admitted() throws Exception {
        final String carol = newUser("carol");
        final RawClient bob = connectNewUser("bob");
        final String device = newDeviceId(carol);
        try (RawConnection connection = RawConnection.open(server().mqttUri())) {
            connection.write(MqttWire.connect(device, carol, server().password(carol)),
                    MqttWire.subscribe(1, Topics.deviceReplies(carol, device)),
                    MqttWire.publish(2, Topics.uplink(carol, device), Uplinks.send("early-1", bob.userId(), "early")
                            .toByteArray(), Topics.deviceReplies(carol, device), new byte[]{9}));
            final RawConnection.Packet connack = connection.next();
            assertThat(connack.type()).isEqualTo(MqttWire.CONNACK);
            assertThat(connack.reasonCode()).isZero();
            assertThat(connection.next(MqttWire.SUBACK).reasonCode()).isEqualTo(1);
            // the PUBACK and the reply, in either order
            final List<RawConnection.Packet> answers = List.of(connection.next(), connection.next());
            assertThat(answers).extracting(RawConnection.Packet::type)
                    .containsExactlyInAnyOrder(MqttWire.PUBACK, MqttWire.PUBLISH);
            for (final RawConnection.Packet packet : answers) {
                if (packet.type() == MqttWire.PUBACK) {
                    assertThat(packet.reasonCode()).isZero();
                } else {
                    assertThat(Reply.parseFrom(packet.payload()).getSendAck().getSeq()).isEqualTo(1);
                }
            }
        }
        assertThat(latestSeq(bob, Ids.directConversation(carol, bob.userId()))).isEqualTo(1);
    }

    @Test
    void a_request_written_behind_a_refused_connect_is_never_handled() {
        final String carol = newUser("carol");
        final RawClient bob = connectNewUser("bob");
        final String device = newDeviceId(carol);
        try (RawConnection connection = RawConnection.open(server().mqttUri())) {
            connection.write(MqttWire.connect(device, carol, "not-the-password"),
                    MqttWire.publish(2, Topics.uplink(carol, device), Uplinks.send("early-1", bob.userId(), "early")
                            .toByteArray(), Topics.deviceReplies(carol, device), new byte[]{9}));
            final List<RawConnection.Packet> packets = connection.untilClosed();
            assertThat(packets).hasSize(1);
            assertThat(packets.get(0).type()).isEqualTo(MqttWire.CONNACK);
            assertThat(packets.get(0).reasonCode()).isEqualTo(0x86);
        }
        assertThat(latestSeq(bob, Ids.directConversation(carol, bob.userId()))).isZero();
        assertThat(sentinel(connectNewUser("dave"), bob).getVersion()).isEqualTo(1);
    }

    @Test
    void a_device_that_sends_nothing_for_one_and_a_half_keep_alives_is_disconnected_with_0x8d() {
        final String alice = newUser("alice");
        try (RawConnection connection = RawConnection.open(server().mqttUri())) {
            connection.write(MqttWire.Connect.of(newDeviceId(alice), alice, server().password(alice)).keepAlive(1)
                    .encode());
            assertThat(connection.next(MqttWire.CONNACK).reasonCode()).isZero();
            assertThat(connection.next(MqttWire.DISCONNECT).reasonCode()).isEqualTo(0x8D);
        }
    }
}
