package io.missive.conformance;

import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Section "Catch up: the sync stream after a version" of docs/protocol.md. */
@Timeout(30)
class CatchUpTest extends ConformanceTest {

    /** Bob, who has received three messages from alice while offline: his stream holds versions 1..3. */
    private String bobWithThreeEvents() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        for (int i = 1; i <= 3; i++) {
            send(alice, bob, "while away " + i);
        }
        return bob;
    }

    private static SyncPage sync(final RawClient device, final long after, final int limit) {
        return ok(device.request(Uplinks.sync(after, limit))).getSync();
    }

    @Test
    void a_new_device_reads_the_stream_from_version_1_ascending_and_gap_free() {
        final RawClient bob = connect(bobWithThreeEvents());
        final SyncPage page = sync(bob, 0, 0);
        assertThat(page.getEventsList()).extracting(SyncEvent::getVersion).containsExactly(1L, 2L, 3L);
        assertThat(page.getEventsList()).extracting(e -> e.getMessage().getContent().getText())
                .containsExactly("while away 1", "while away 2", "while away 3");
        assertThat(page.getHasMore()).isFalse();
        assertThat(page.getLatestVersion()).isEqualTo(3);
    }

    @Test
    void while_has_more_the_device_asks_again_after_the_last_event_of_the_page() {
        final RawClient bob = connect(bobWithThreeEvents());
        final SyncPage first = sync(bob, 0, 2);
        assertThat(first.getEventsList()).extracting(SyncEvent::getVersion).containsExactly(1L, 2L);
        assertThat(first.getHasMore()).isTrue();
        assertThat(first.getLatestVersion()).isGreaterThanOrEqualTo(2);
        final SyncPage rest = sync(bob, 2, 2);
        assertThat(rest.getEventsList()).extracting(SyncEvent::getVersion).containsExactly(3L);
        assertThat(rest.getHasMore()).isFalse();
        assertThat(rest.getLatestVersion()).isEqualTo(3);
    }

    @Test
    void after_the_latest_version_the_page_is_empty() {
        final RawClient bob = connect(bobWithThreeEvents());
        final SyncPage page = sync(bob, 3, 0);
        assertThat(page.getEventsList()).isEmpty();
        assertThat(page.getHasMore()).isFalse();
        assertThat(page.getLatestVersion()).isEqualTo(3);
    }

    @Test
    void a_new_users_stream_is_empty_at_version_0() {
        final RawClient alice = connectNewUser("alice");
        final SyncPage page = sync(alice, 0, 0);
        assertThat(page.getEventsList()).isEmpty();
        assertThat(page.getHasMore()).isFalse();
        assertThat(page.getLatestVersion()).isZero();
    }

    @Test
    void a_version_ahead_of_the_stream_is_too_far_behind_with_the_latest_version_to_continue_after() {
        final RawClient bob = connect(bobWithThreeEvents());
        final Answer answer = bob.request(Uplinks.sync(10, 0));
        assertRefused(answer, IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.TOO_FAR_BEHIND);
        assertThat(answer.error().getLatestVersion()).isEqualTo(3);
        assertThat(sync(bob, answer.error().getLatestVersion(), 0).getEventsList()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {501, -1, Integer.MIN_VALUE})
    void a_limit_out_of_range_is_invalid_argument(final int limit) {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.sync(0, limit)), "limit");
    }

    @Test
    void a_limit_of_500_is_accepted() {
        final RawClient bob = connect(bobWithThreeEvents());
        assertThat(sync(bob, 0, 500).getEventsCount()).isEqualTo(3);
    }

    @Test
    void a_negative_after_version_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.sync(-1, 0)), "after_version");
    }

    @Test
    void a_device_that_was_offline_catches_up_on_exactly_what_it_missed() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        send(alice, bob.userId(), "seen live");
        final long processed = bob.awaitEvent(SyncEvent::hasMessage).getVersion();
        bob.close();
        send(alice, bob.userId(), "missed 1");
        send(alice, bob.userId(), "missed 2");
        final RawClient again = connect(bob.userId(), bob.deviceId(), bob.deviceToken());
        final SyncPage page = sync(again, processed, 0);
        assertThat(page.getEventsList()).extracting(e -> e.getMessage().getContent().getText())
                .containsExactly("missed 1", "missed 2");
        assertThat(page.getEventsList()).extracting(SyncEvent::getVersion)
                .containsExactly(processed + 1, processed + 2);
    }
}
