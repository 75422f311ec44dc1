package io.missive.conformance;

import io.missive.protocol.v1.DeviceInfo;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Section "Acknowledge: the device's cursor" of docs/protocol.md, retransmission included. */
@Timeout(30)
class AcknowledgeTest extends ConformanceTest {

    /** A device of a user whose stream holds versions 1..3 (messages from a peer). */
    private RawClient deviceWithThreeEvents() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        for (int i = 1; i <= 3; i++) {
            send(alice, bob.userId(), "m" + i);
        }
        bob.awaitEvent(e -> e.getVersion() == 3);
        return bob;
    }

    private static long ackedVersion(final RawClient device) {
        return ok(device.request(Uplinks.listDevices())).getDevices().getDevicesList().stream()
                .filter(DeviceInfo::getCurrent).findFirst().orElseThrow().getAckedVersion();
    }

    @Test
    void a_sync_ack_is_answered_by_the_puback_alone() {
        final RawClient bob = deviceWithThreeEvents();
        final byte[] correlation = RawClient.nextCorrelation();
        assertThat(bob.publishRequest(Uplinks.syncAck(2), correlation)).isEqualTo(SUCCESS);
        ok(bob.request(Uplinks.listDevices()));
        assertThat(bob.repliesTo(correlation)).isZero();
    }

    @Test
    void the_highest_acknowledged_version_becomes_the_devices_cursor() {
        final RawClient bob = deviceWithThreeEvents();
        assertThat(bob.publishRequest(Uplinks.syncAck(2), RawClient.nextCorrelation())).isEqualTo(SUCCESS);
        await().untilAsserted(() -> assertThat(ackedVersion(bob)).isEqualTo(2));
    }

    @Test
    void an_older_ack_is_accepted_and_changes_nothing() {
        final RawClient bob = deviceWithThreeEvents();
        assertThat(bob.publishRequest(Uplinks.syncAck(3), RawClient.nextCorrelation())).isEqualTo(SUCCESS);
        final byte[] older = RawClient.nextCorrelation();
        assertThat(bob.publishRequest(Uplinks.syncAck(1), older)).isEqualTo(SUCCESS);
        await().untilAsserted(() -> assertThat(ackedVersion(bob)).isEqualTo(3));
        assertThat(bob.repliesTo(older)).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void a_version_below_1_is_refused_with_an_invalid_argument_reply(final long version) {
        final RawClient bob = deviceWithThreeEvents();
        assertInvalid(bob.request(Uplinks.syncAck(version)), "version");
        assertThat(ackedVersion(bob)).isZero();
    }

    @Test
    void a_version_beyond_the_users_stream_is_refused_with_an_invalid_argument_reply() {
        final RawClient bob = deviceWithThreeEvents();
        assertInvalid(bob.request(Uplinks.syncAck(4)), "version");
        assertThat(ackedVersion(bob)).isZero();
    }

    @Test
    void a_live_event_left_unacknowledged_is_sent_again_as_a_sync_page_without_correlation_data() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        follow(bob);
        send(alice, bob.userId(), "please acknowledge");
        final SyncEvent live = bob.awaitEvent(SyncEvent::hasMessage);
        // the default retransmission delay is 5 s
        await().atMost(Duration.ofSeconds(15)).until(() -> !bob.uncorrelatedReplies().isEmpty());
        final Reply again = bob.uncorrelatedReplies().get(0);
        assertThat(again.getSync().getEventsList()).containsExactly(live);
    }
}
