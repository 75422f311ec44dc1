package io.missive.conformance;

import io.missive.protocol.Ids;
import io.missive.protocol.v1.SendAck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section "Identifiers" of docs/protocol.md: the rules for user ids, device ids (client ids),
 * client message ids, group request ids and conversation ids.
 */
@Timeout(30)
class IdentifiersTest extends ConformanceTest {

    /** 65 characters: one too many for any id. */
    private static final String SIXTY_FIVE = "a1234567890123456789012345678901234567890123456789012345678901234";

    @ParameterizedTest
    @ValueSource(strings = {"with space", "a/b", "a+b", "a#b", "$dollar", "-dash-first", "_underscore-first",
            "ünïcode", "hmq_Ab3xZ_7_0123456789abcdef", SIXTY_FIVE})
    void a_client_id_that_breaks_the_device_id_rule_is_refused_with_0x85(final String clientId) {
        final String alice = newUser("alice");
        assertThat(Login.attempt(server().mqttUri(), clientId, alice, server().password(alice)).reasonCode())
                .isEqualTo(0x85);
    }

    @Test
    void an_empty_client_id_is_refused_with_0x85() {
        final String alice = newUser("alice");
        try (RawConnection connection = RawConnection.open(server().mqttUri())) {
            connection.write(MqttWire.connect("", alice, server().password(alice)));
            assertThat(connection.next(MqttWire.CONNACK).reasonCode()).isEqualTo(0x85);
        }
        // and no device was registered for the user
        final RawClient phone = connect(alice);
        assertThat(ok(phone.request(Uplinks.listDevices())).getDevices().getDevicesList())
                .extracting(d -> d.getDeviceId()).containsExactly(phone.deviceId());
    }

    @Test
    void a_device_id_of_64_characters_of_every_allowed_kind_is_accepted() {
        final String alice = newUser("alice");
        final String prefix = newDeviceId(alice) + "_.-AZ09";
        final String deviceId = prefix + "x".repeat(64 - prefix.length());
        assertThat(Login.attempt(server().mqttUri(), deviceId, alice, server().password(alice)).reasonCode())
                .isZero();
    }

    @Test
    void a_device_id_belongs_for_good_to_the_first_user_that_logs_in_with_it() {
        final String alice = newUser("alice");
        final String mallory = newUser("mallory");
        final RawClient phone = connect(alice);
        final RawClient tablet = connect(alice);
        phone.close();
        assertThat(Login.attempt(server().mqttUri(), phone.deviceId(), mallory, server().password(mallory))
                .reasonCode()).isEqualTo(0x85);
        // even once the device is revoked
        ok(tablet.request(Uplinks.revokeDevice(phone.deviceId())));
        assertThat(Login.attempt(server().mqttUri(), phone.deviceId(), mallory, server().password(mallory))
                .reasonCode()).isEqualTo(0x85);
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "a/b", "al+ce", "a#b", "$admin", "-dash-first", "ünïcode", SIXTY_FIVE})
    void a_user_name_that_breaks_the_user_id_rule_is_refused_with_0x86(final String userName) {
        assertThat(Login.attempt(server().mqttUri(), newDeviceId("someone"), userName, "a-password").reasonCode())
                .isEqualTo(0x86);
    }

    @Test
    void user_ids_are_compared_exactly() {
        final String alice = newUser("Alice");
        assertThat(Login.attempt(server().mqttUri(), newDeviceId(alice), alice.toLowerCase(), server().password(alice))
                .reasonCode()).isEqualTo(0x86);
        assertThat(Login.attempt(server().mqttUri(), newDeviceId(alice), alice, server().password(alice))
                .reasonCode()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "a/b", "a#b", "ünïcode", SIXTY_FIVE})
    void a_client_msg_id_that_breaks_its_rule_is_invalid_argument(final String clientMsgId) {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        assertInvalid(alice.request(Uplinks.send(clientMsgId, bob, "hi")), "client_msg_id");
        assertThat(latestSeq(alice, Ids.directConversation(alice.userId(), bob))).isZero();
    }

    @Test
    void a_client_msg_id_of_64_characters_of_every_allowed_kind_is_accepted() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String clientMsgId = "AZaz09_.:-" + "x".repeat(54);
        final SendAck ack = ok(alice.request(Uplinks.send(clientMsgId, bob, "hi"))).getSendAck();
        assertThat(ack.getClientMsgId()).isEqualTo(clientMsgId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "a/b", SIXTY_FIVE})
    void a_group_request_id_that_breaks_the_client_msg_id_rule_is_invalid_argument(final String requestId) {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        assertInvalid(alice.request(Uplinks.createGroup(requestId, "friends", bob)), "request_id");
    }

    @Test
    void the_direct_conversation_id_is_dm_and_the_two_user_ids_in_byte_order() {
        // 'Z' sorts before 'a' in byte order
        final RawClient lower = connectNewUser("alpha");
        final RawClient upper = connectNewUser("Zulu");
        final String expected = "dm:" + upper.userId() + ":" + lower.userId();
        assertThat(send(lower, upper.userId(), "hi").getConversationId()).isEqualTo(expected);
        assertThat(send(upper, lower.userId(), "hi").getConversationId()).isEqualTo(expected);
    }

    @Test
    void a_group_conversation_id_is_g_and_26_base32_characters_derived_from_the_creator_and_the_request_id() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String requestId = requestId();
        final String group = ok(alice.request(Uplinks.createGroup(requestId, "friends", bob))).getGroup()
                .getConversationId();
        assertThat(group).matches("g:[a-z2-7]{26}").isEqualTo(Ids.groupConversation(alice.userId(), requestId));
    }
}
