package io.missive.conformance;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.missive.protocol.Ids;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section "Topics" of docs/protocol.md: which topics a device may subscribe to and publish on, and
 * what happens to a device that tries others.
 */
@Timeout(30)
class TopicsTest extends ConformanceTest {

    /** Topics a device may not publish on. */
    enum ForeignTopic {
        ANOTHER_USERS_UPLINK, ANOTHER_DEVICES_UPLINK, A_USER_TOPIC, THE_DEVICES_OWN_REPLY_TOPIC, ANY_OTHER_TOPIC
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void a_device_may_subscribe_to_its_user_topic_and_its_reply_topic_at_the_qos_it_asks_for(final int qos) {
        final RawClient alice = connectNewUser("alice");
        assertThat(alice.subscribe(alice.streamTopic(), qos)).isEqualTo(qos);
        assertThat(alice.subscribe(alice.replyTopic(), qos)).isEqualTo(qos);
        // replies are published with QoS 1, so delivered with the lower of that and the subscription's
        ok(alice.request(Uplinks.listDevices()));
        assertThat(alice.deliveries()).extracting(RawClient.Delivery::qos).containsExactly(Math.min(qos, 1));
    }

    @Test
    void subscribing_to_the_topics_of_another_user_or_another_device_is_refused_with_0x87() {
        final RawClient alice = connectNewUser("alice");
        final RawClient tablet = connect(alice.userId());
        final RawClient bob = connectNewUser("bob");
        for (final String topic : List.of(bob.streamTopic(), bob.replyTopic(), tablet.replyTopic())) {
            assertThat(alice.subscribe(topic, 1)).as(topic).isEqualTo(NOT_AUTHORIZED);
        }
        sentinel(bob, alice);
        sentinel(alice, bob);
        assertThat(alice.deliveries()).extracting(RawClient.Delivery::topic)
                .containsOnly(alice.streamTopic(), alice.replyTopic());
    }

    @Test
    void subscribing_to_an_uplink_topic_is_refused_with_0x87_even_to_the_devices_own() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        assertThat(alice.subscribe(alice.uplinkTopic(), 1)).isEqualTo(NOT_AUTHORIZED);
        assertThat(alice.subscribe(bob.uplinkTopic(), 1)).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void subscribing_with_a_wildcard_or_a_shared_subscription_is_refused_with_0x87_even_over_own_topics() {
        final RawClient alice = connectNewUser("alice");
        final String user = alice.userId();
        for (final String filter : List.of("#", "+", "im/#", "im/u/+", "im/u/#", "im/d/" + user + "/+",
                "im/d/" + user + "/#", "im/+/" + user, "$share/g/" + alice.streamTopic(),
                "$share/g/" + alice.replyTopic())) {
            assertThat(alice.subscribe(filter, 1)).as(filter).isEqualTo(NOT_AUTHORIZED);
        }
    }

    @ParameterizedTest
    @EnumSource(ForeignTopic.class)
    void a_publish_anywhere_but_the_devices_own_uplink_gets_puback_0x87_then_disconnect_0x87_and_runs_nothing(
            final ForeignTopic where) {
        final RawClient alice = connectNewUser("alice");
        final RawClient tablet = connect(alice.userId());
        final RawClient bob = connectNewUser("bob");
        final String topic = switch (where) {
            case ANOTHER_USERS_UPLINK -> bob.uplinkTopic();
            case ANOTHER_DEVICES_UPLINK -> tablet.uplinkTopic();
            case A_USER_TOPIC -> bob.streamTopic();
            case THE_DEVICES_OWN_REPLY_TOPIC -> alice.replyTopic();
            case ANY_OTHER_TOPIC -> "chat/general";
        };
        final byte[] forged = Uplinks.send(clientMsgId(), bob.userId(), "forged").toByteArray();
        assertThat(alice.publish(topic, forged, 1)).isEqualTo(NOT_AUTHORIZED);
        assertThat(alice.awaitDisconnect()).isEqualTo(NOT_AUTHORIZED);
        assertThat(alice.uncorrelatedReplies()).isEmpty();
        // nothing was sent as anyone, and nobody got anything
        assertThat(latestSeq(bob, Ids.directConversation(alice.userId(), bob.userId()))).isZero();
        assertThat(latestSeq(tablet, Ids.directConversation(alice.userId(), bob.userId()))).isZero();
        final SyncEvent first = sentinel(connectNewUser("carol"), bob);
        assertThat(bob.events()).containsExactly(first);
        assertThat(bob.undecodable()).isEmpty();
    }

    @Test
    void a_qos_0_publish_anywhere_but_the_devices_own_uplink_gets_disconnect_0x87() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        alice.publish(bob.uplinkTopic(), Uplinks.send(clientMsgId(), alice.userId(), "forged").toByteArray(), 0);
        assertThat(alice.awaitDisconnect()).isEqualTo(NOT_AUTHORIZED);
        assertThat(latestSeq(bob, Ids.directConversation(alice.userId(), bob.userId()))).isZero();
    }

    @Test
    void the_sender_is_the_connected_device_whatever_the_payload_carries() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        // a field the schema does not have, carrying another user's id, is ignored
        final Uplink forged = Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId(clientMsgId())
                .setToUserId(bob.userId()).setContent(Content.newBuilder().setText("who am I"))
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(40, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8(bob.userId())).build()).build())).build();
        ok(alice.request(forged));
        final SyncEvent event = bob.awaitEvent(SyncEvent::hasMessage);
        assertThat(event.getMessage().getSenderUserId()).isEqualTo(alice.userId());
        assertThat(event.getMessage().getSenderDeviceId()).isEqualTo(alice.deviceId());
    }

    @Test
    void replies_and_events_are_published_with_qos_1_and_never_retained() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        send(alice, bob.userId(), "hi");
        sentinel(bob, alice);
        assertThat(alice.deliveries()).isNotEmpty().allSatisfy(delivery -> {
            assertThat(delivery.qos()).isEqualTo(1);
            assertThat(delivery.retained()).isFalse();
        });
        assertThat(alice.deliveries()).extracting(RawClient.Delivery::topic)
                .contains(Topics.userStream(alice.userId()), Topics.deviceReplies(alice.userId(), alice.deviceId()));
    }
}
