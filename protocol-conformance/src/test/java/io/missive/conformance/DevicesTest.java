package io.missive.conformance;

import io.missive.protocol.v1.DeviceInfo;
import io.missive.protocol.v1.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Section "Devices" of docs/protocol.md: listing and revoking the user's devices. */
@Timeout(30)
class DevicesTest extends ConformanceTest {

    private static List<DeviceInfo> devices(final RawClient asker) {
        return ok(asker.request(Uplinks.listDevices())).getDevices().getDevicesList();
    }

    private static DeviceInfo device(final RawClient asker, final String deviceId) {
        return devices(asker).stream().filter(d -> d.getDeviceId().equals(deviceId)).findFirst().orElseThrow();
    }

    @Test
    void the_list_holds_every_device_of_the_user_ascending_by_id_and_marks_the_asking_one() {
        final String alice = newUser("alice");
        final RawClient second = connect(alice, alice + "-b-tablet", server().password(alice));
        final RawClient first = connect(alice, alice + "-a-phone", server().password(alice));
        final List<DeviceInfo> list = devices(second);
        assertThat(list).extracting(DeviceInfo::getDeviceId).containsExactly(first.deviceId(), second.deviceId());
        assertThat(list).extracting(DeviceInfo::getCurrent).containsExactly(false, true);
        assertThat(list).allSatisfy(device -> {
            assertThat(device.getActive()).isTrue();
            assertThat(device.getCreatedMs()).isPositive();
            assertThat(device.getLastLoginMs()).isGreaterThanOrEqualTo(device.getCreatedMs());
            assertThat(device.getAckedVersion()).isZero();
            assertThat(device.getPushRegistered()).isFalse();
        });
    }

    @Test
    void a_revoked_device_is_disconnected_with_0x87_listed_inactive_and_its_token_no_longer_logs_in() {
        final String alice = newUser("alice");
        final RawClient phone = connect(alice);
        final RawClient tablet = connect(alice);
        final String token = phone.deviceToken();
        assertThat(ok(tablet.request(Uplinks.revokeDevice(phone.deviceId()))).getDeviceRevoked().getDeviceId())
                .isEqualTo(phone.deviceId());
        assertThat(phone.awaitDisconnect()).isEqualTo(NOT_AUTHORIZED);
        assertThat(device(tablet, phone.deviceId()).getActive()).isFalse();
        assertThat(Login.attempt(server().mqttUri(), phone.deviceId(), alice, token).reasonCode()).isEqualTo(0x87);
    }

    @Test
    void revoking_drops_the_devices_cursor_and_push_registration() {
        final String alice = newUser("alice");
        final RawClient phone = connect(alice);
        final RawClient tablet = connect(alice);
        send(connectNewUser("bob"), alice, "to acknowledge");
        phone.awaitEvent(e -> e.getVersion() == 1);
        assertThat(phone.publishRequest(Uplinks.syncAck(1), RawClient.nextCorrelation())).isEqualTo(SUCCESS);
        final String token = UUID.randomUUID().toString().replace("-", "");
        ok(phone.request(Uplinks.registerPush(token, "com.example.chat", false)));
        await().untilAsserted(() -> assertThat(device(tablet, phone.deviceId()).getAckedVersion()).isEqualTo(1));
        ok(tablet.request(Uplinks.revokeDevice(phone.deviceId())));
        final DeviceInfo revoked = device(tablet, phone.deviceId());
        assertThat(revoked.getAckedVersion()).isZero();
        assertThat(revoked.getPushRegistered()).isFalse();
    }

    @Test
    void a_device_may_revoke_itself_and_is_disconnected() {
        final String alice = newUser("alice");
        final RawClient phone = connect(alice);
        final String token = phone.deviceToken();
        // the reply may or may not make it before the connection ends
        phone.requestAsync(Uplinks.revokeDevice(phone.deviceId()));
        assertThat(phone.awaitDisconnect()).isEqualTo(NOT_AUTHORIZED);
        assertThat(Login.attempt(server().mqttUri(), phone.deviceId(), alice, token).reasonCode()).isEqualTo(0x87);
    }

    @Test
    void revoking_a_revoked_device_again_answers_the_same() {
        final String alice = newUser("alice");
        final RawClient phone = connect(alice);
        final RawClient tablet = connect(alice);
        phone.ready();
        ok(tablet.request(Uplinks.revokeDevice(phone.deviceId())));
        assertThat(ok(tablet.request(Uplinks.revokeDevice(phone.deviceId()))).getDeviceRevoked().getDeviceId())
                .isEqualTo(phone.deviceId());
    }

    @Test
    void another_users_device_is_not_found_exactly_like_an_unknown_one_and_stays_connected() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String unknown = newDeviceId("nobody");
        final Answer foreign = alice.request(Uplinks.revokeDevice(bob.deviceId()));
        final Answer missing = alice.request(Uplinks.revokeDevice(unknown));
        assertRefused(foreign, IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.NOT_FOUND);
        assertRefused(missing, IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.NOT_FOUND);
        assertThat(foreign.error().getMessage().replace(bob.deviceId(), "<id>"))
                .isEqualTo(missing.error().getMessage().replace(unknown, "<id>"));
        assertThat(device(bob, bob.deviceId()).getActive()).isTrue();
        assertThat(bob.isConnected()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "a/b", "$dollar"})
    void a_device_id_that_breaks_the_rule_is_invalid_argument(final String deviceId) {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.revokeDevice(deviceId)), "device_id");
    }
}
