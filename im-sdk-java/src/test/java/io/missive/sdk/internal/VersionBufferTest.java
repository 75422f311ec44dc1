package io.missive.sdk.internal;

import io.missive.protocol.v1.SyncEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static io.missive.sdk.internal.FakeSyncServer.event;
import static org.assertj.core.api.Assertions.assertThat;

class VersionBufferTest {

    private final VersionBuffer buffer = new VersionBuffer(100);

    private static List<Long> versions(final List<SyncEvent> events) {
        return events.stream().map(SyncEvent::getVersion).collect(Collectors.toList());
    }

    @Test
    void only_the_run_that_continues_the_cursor_comes_out_in_version_order() {
        buffer.offer(event(5, 5), 2);
        buffer.offer(event(3, 3), 2);
        buffer.offer(event(4, 4), 2);
        buffer.offer(event(7, 7), 2);

        assertThat(versions(buffer.takeContiguous(2))).containsExactly(3L, 4L, 5L);
        assertThat(buffer.takeContiguous(5)).isEmpty();
        assertThat(buffer.size()).isEqualTo(1);
    }

    @Test
    void nothing_comes_out_while_the_next_version_is_missing() {
        buffer.offer(event(4, 4), 2);

        assertThat(buffer.takeContiguous(2)).isEmpty();
        assertThat(buffer.isEmpty()).isFalse();
    }

    @Test
    void versions_at_or_below_the_cursor_and_repeats_are_not_kept() {
        assertThat(buffer.offer(event(2, 2), 2)).isFalse();
        assertThat(buffer.offer(event(1, 1), 2)).isFalse();
        assertThat(buffer.offer(event(3, 3), 2)).isTrue();
        assertThat(buffer.offer(event(3, 3), 2)).isFalse();

        assertThat(versions(buffer.takeContiguous(2))).containsExactly(3L);
    }

    @Test
    void events_the_cursor_passed_meanwhile_are_discarded() {
        buffer.offer(event(3, 3), 0);
        buffer.offer(event(5, 5), 0);

        assertThat(versions(buffer.takeContiguous(4))).containsExactly(5L);
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void take_up_to_hands_out_everything_up_to_a_version_gaps_included() {
        buffer.offer(event(3, 3), 0);
        buffer.offer(event(7, 7), 0);
        buffer.offer(event(9, 9), 0);

        assertThat(versions(buffer.takeUpTo(7))).containsExactly(3L, 7L);
        assertThat(versions(buffer.takeAll())).containsExactly(9L);
    }

    @Test
    void when_full_the_highest_versions_give_way() {
        final VersionBuffer small = new VersionBuffer(2);
        small.offer(event(5, 5), 0);
        small.offer(event(6, 6), 0);

        assertThat(small.offer(event(9, 9), 0)).isFalse();
        assertThat(small.offer(event(2, 2), 0)).isTrue();
        assertThat(versions(small.takeAll())).containsExactly(2L, 5L);
    }
}
