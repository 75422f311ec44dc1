package io.missive.conformance;

import io.missive.protocol.v1.DeviceInfo;
import io.missive.protocol.v1.PushRegistration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Section "Push registration" of docs/protocol.md. */
@Timeout(30)
class PushRegistrationTest extends ConformanceTest {

    private static final String TOPIC = "com.example.chat";

    private static PushRegistration register(final RawClient device, final String token, final String topic,
                                             final boolean sandbox) {
        return ok(device.request(Uplinks.registerPush(token, topic, sandbox))).getPush();
    }

    private static boolean registered(final RawClient asker, final String deviceId) {
        return ok(asker.request(Uplinks.listDevices())).getDevices().getDevicesList().stream()
                .filter(d -> d.getDeviceId().equals(deviceId)).findFirst().map(DeviceInfo::getPushRegistered)
                .orElseThrow();
    }

    /** A token no other test registers: 32 random hex digits. */
    private static String uniqueToken() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void registering_answers_the_registration_without_echoing_the_token() {
        final RawClient phone = connectNewUser("alice");
        final PushRegistration registration = register(phone, uniqueToken(), TOPIC, true);
        assertThat(registration).isEqualTo(PushRegistration.newBuilder().setRegistered(true).setTopic(TOPIC)
                .setSandbox(true).build());
        assertThat(registered(phone, phone.deviceId())).isTrue();
    }

    @Test
    void the_token_is_16_to_200_hex_digits_in_either_case() {
        final RawClient phone = connectNewUser("alice");
        assertThat(register(phone, uniqueToken().substring(0, 16), TOPIC, false).getRegistered()).isTrue();
        final String longest = (uniqueToken().toUpperCase() + "abcdef0123456789".repeat(11)).substring(0, 200);
        assertThat(register(phone, longest, TOPIC, false).getRegistered()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0011223344556", "00112233445566", "00112233445566778", "0011223344556677g8",
            "00112233 44556677", "0x00112233445566"})
    void any_other_token_is_invalid_argument_and_stores_nothing(final String token) {
        final RawClient phone = connectNewUser("alice");
        assertInvalid(phone.request(Uplinks.registerPush(token, TOPIC, false)), "apns_token");
        assertThat(registered(phone, phone.deviceId())).isFalse();
    }

    @Test
    void a_token_of_more_than_200_hex_digits_is_invalid_argument() {
        final RawClient phone = connectNewUser("alice");
        assertInvalid(phone.request(Uplinks.registerPush("ab".repeat(101), TOPIC, false)), "apns_token");
        assertThat(registered(phone, phone.deviceId())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "com.example chat", "com/example", "com.exämple"})
    void a_topic_that_is_not_a_bundle_id_is_invalid_argument_and_stores_nothing(final String topic) {
        final RawClient phone = connectNewUser("alice");
        assertInvalid(phone.request(Uplinks.registerPush(uniqueToken(), topic, false)), "topic");
        assertThat(registered(phone, phone.deviceId())).isFalse();
    }

    @Test
    void a_topic_of_200_characters_is_accepted_and_201_is_not() {
        final RawClient phone = connectNewUser("alice");
        assertThat(register(phone, uniqueToken(), "a".repeat(200), false).getTopic()).hasSize(200);
        assertInvalid(phone.request(Uplinks.registerPush(uniqueToken(), "a".repeat(201), false)), "topic");
    }

    @Test
    void registering_again_replaces_the_registration() {
        final RawClient phone = connectNewUser("alice");
        register(phone, uniqueToken(), TOPIC, false);
        final PushRegistration again = register(phone, uniqueToken(), "com.example.other", true);
        assertThat(again.getTopic()).isEqualTo("com.example.other");
        assertThat(again.getSandbox()).isTrue();
        assertThat(registered(phone, phone.deviceId())).isTrue();
    }

    @Test
    void a_token_registered_by_another_device_moves_to_the_registering_one() {
        final RawClient alicePhone = connectNewUser("alice");
        final RawClient aliceTablet = connect(alicePhone.userId());
        final RawClient bobPhone = connectNewUser("bob");
        final String token = uniqueToken();
        register(alicePhone, token, TOPIC, false);
        register(aliceTablet, token, TOPIC, false);
        assertThat(registered(aliceTablet, alicePhone.deviceId())).isFalse();
        assertThat(registered(aliceTablet, aliceTablet.deviceId())).isTrue();
        // also to another user's device: a phone never gets notifications of the account it left
        register(bobPhone, token.toUpperCase(), TOPIC, false);
        assertThat(registered(aliceTablet, aliceTablet.deviceId())).isFalse();
        assertThat(registered(bobPhone, bobPhone.deviceId())).isTrue();
    }

    @Test
    void unregistering_is_idempotent() {
        final RawClient phone = connectNewUser("alice");
        register(phone, uniqueToken(), TOPIC, false);
        for (int i = 0; i < 2; i++) {
            assertThat(ok(phone.request(Uplinks.unregisterPush())).getPush())
                    .isEqualTo(PushRegistration.newBuilder().setRegistered(false).build());
            assertThat(registered(phone, phone.deviceId())).isFalse();
        }
    }
}
