package io.missive.conformance;

import io.missive.protocol.Ids;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.HistoryPage;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.Uplink;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section "Limits" of docs/protocol.md, the limits of the connection and of the uplink payload (the
 * limits of single fields and pages are checked in the sections of their requests), against the
 * server's default configuration.
 */
@Timeout(30)
class LimitsTest extends ConformanceTest {

    private static final int MAX_PAYLOAD = 65_536;
    private static final int MAX_PACKET = 1_048_576;

    /** A send whose Uplink is exactly that many bytes long. */
    private static Uplink sendOfSize(final String to, final int bytes) {
        int textLength = 0;
        Uplink uplink = Uplinks.send("size-" + bytes, to, "");
        while (uplink.getSerializedSize() != bytes) {
            textLength += bytes - uplink.getSerializedSize();
            uplink = Uplinks.send("size-" + bytes, to, "x".repeat(textLength));
        }
        return uplink;
    }

    @Test
    void the_connack_announces_receive_maximum_10_and_maximum_packet_size_1_mib() {
        final MqttProperties connack = connectNewUser("alice").connackProperties();
        assertThat(connack.getReceiveMaximum()).isEqualTo(10);
        assertThat(connack.getMaximumPacketSize()).isEqualTo(MAX_PACKET);
    }

    @Test
    void an_uplink_of_exactly_65536_bytes_is_accepted_and_its_text_is_stored_whole() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final Uplink largest = sendOfSize(bob.userId(), MAX_PAYLOAD);
        ok(alice.request(largest));
        final HistoryPage page = latest(bob, Ids.directConversation(alice.userId(), bob.userId()));
        assertThat(page.getMessages(0).getContent().getText()).isEqualTo(largest.getSend().getContent().getText());
    }

    @Test
    void an_uplink_one_byte_over_65536_is_refused_with_0x97_payload_too_large_and_stores_nothing() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final Answer answer = alice.request(sendOfSize(bob.userId(), MAX_PAYLOAD + 1));
        assertRefused(answer, QUOTA_EXCEEDED, ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(latestSeq(bob, Ids.directConversation(alice.userId(), bob.userId()))).isZero();
        assertThat(sentinel(alice, bob).getVersion()).isEqualTo(1);
    }

    @Test
    void an_oversize_payload_is_payload_too_large_even_when_it_is_not_an_uplink() {
        final RawClient alice = connectNewUser("alice");
        final byte[] garbage = new byte[MAX_PAYLOAD + 1];
        Arrays.fill(garbage, (byte) 0xFF);
        assertRefused(alice.request(garbage), QUOTA_EXCEEDED, ErrorCode.PAYLOAD_TOO_LARGE);
    }

    @Test
    void a_packet_larger_than_1_mib_is_answered_with_disconnect_0x95() {
        final String alice = newUser("alice");
        final String device = newDeviceId(alice);
        try (RawConnection connection = RawConnection.open(server().mqttUri())) {
            connection.write(MqttWire.connect(device, alice, server().password(alice)));
            assertThat(connection.next(MqttWire.CONNACK).reasonCode()).isZero();
            connection.write(MqttWire.publish(1, Topics.uplink(alice, device), new byte[MAX_PACKET + 1], null, null));
            assertThat(connection.next(MqttWire.DISCONNECT).reasonCode()).isEqualTo(0x95);
        }
    }

    @Test
    void a_connect_larger_than_1_mib_is_refused_with_connack_0x95() {
        final String alice = newUser("alice");
        try (RawConnection connection = RawConnection.open(server().mqttUri())) {
            connection.write(MqttWire.connect(newDeviceId(alice), alice, "p".repeat(MAX_PACKET)));
            assertThat(connection.next(MqttWire.CONNACK).reasonCode()).isEqualTo(0x95);
        }
    }

    @Test
    void an_eleventh_unacknowledged_request_is_answered_with_disconnect_0x93() {
        final RawClient bob = connectNewUser("bob");
        final String alice = newUser("alice");
        final String device = newDeviceId(alice);
        final String conversation = Ids.directConversation(alice, bob.userId());
        try (RawConnection connection = RawConnection.open(server().mqttUri())) {
            connection.write(MqttWire.connect(device, alice, server().password(alice)));
            assertThat(connection.next(MqttWire.CONNACK).reasonCode()).isZero();
            final List<byte[]> requests = new ArrayList<>();
            for (int i = 1; i <= 11; i++) {
                requests.add(MqttWire.publish(i, Topics.uplink(alice, device),
                        Uplinks.history(conversation, HistoryRequest.Direction.BEFORE, 0, 100).toByteArray(),
                        null, new byte[]{(byte) i}));
            }
            connection.write(requests.toArray(new byte[0][]));
            assertThat(connection.next(MqttWire.DISCONNECT).reasonCode()).isEqualTo(0x93);
        }
    }

    @Test
    void a_topic_alias_above_5_is_answered_with_disconnect_0x94() {
        final String alice = newUser("alice");
        final String device = newDeviceId(alice);
        try (RawConnection connection = RawConnection.open(server().mqttUri())) {
            connection.write(MqttWire.connect(device, alice, server().password(alice)));
            assertThat(connection.next(MqttWire.CONNACK).reasonCode()).isZero();
            connection.write(MqttWire.publish(1, 1, Topics.uplink(alice, device), Uplinks.listDevices().toByteArray(),
                    null, new byte[]{1}, 6));
            assertThat(connection.next(MqttWire.DISCONNECT).reasonCode()).isEqualTo(0x94);
        }
    }

    @Test
    void a_topic_alias_up_to_5_is_accepted() {
        final String alice = newUser("alice");
        final String device = newDeviceId(alice);
        try (RawConnection connection = RawConnection.open(server().mqttUri())) {
            connection.write(MqttWire.connect(device, alice, server().password(alice)));
            assertThat(connection.next(MqttWire.CONNACK).reasonCode()).isZero();
            connection.write(MqttWire.publish(1, 1, Topics.uplink(alice, device), Uplinks.listDevices().toByteArray(),
                    null, new byte[]{1}, 5));
            assertThat(connection.next(MqttWire.PUBACK).reasonCode()).isZero();
            // the alias alone names the uplink now
            connection.write(MqttWire.publish(2, 1, "", Uplinks.listDevices().toByteArray(), null, new byte[]{2}, 5));
            assertThat(connection.next(MqttWire.PUBACK).reasonCode()).isZero();
        }
    }
}
