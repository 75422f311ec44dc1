package io.missive.sdk.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class SyncAcksTest {

    private final ManualTimers timers = new ManualTimers();
    private final List<Long> sent = new CopyOnWriteArrayList<>();
    private final SyncAcks acks = new SyncAcks(sent::add, timers);

    @Test
    void one_ack_for_the_highest_version_at_most_100_ms_after_the_first_delivery() {
        acks.delivered(1, 1);
        timers.advance(50);
        acks.delivered(2, 1);
        acks.delivered(3, 1);
        timers.advance(49);
        assertThat(sent).isEmpty();
        timers.advance(1);

        assertThat(sent).containsExactly(3L);
        assertThat(timers.pending()).isZero();
    }

    @Test
    void a_hundred_waiting_events_are_acked_at_once() {
        acks.delivered(60, 60);
        acks.delivered(100, 40);

        assertThat(sent).containsExactly(100L);
        timers.advance(1_000);
        assertThat(sent).containsExactly(100L);
    }

    @Test
    void nothing_is_sent_twice_for_the_same_version() {
        acks.delivered(5, 1);
        acks.flush();
        acks.delivered(5, 0);
        acks.flush();
        timers.advance(1_000);

        assertThat(sent).containsExactly(5L);
    }

    @Test
    void after_a_reset_the_next_connection_acks_again_and_a_dropped_timer_stays_silent() {
        acks.delivered(7, 1);
        acks.reset();
        timers.advance(1_000);
        assertThat(sent).isEmpty();

        acks.delivered(7, 0);
        timers.advance(100);

        assertThat(sent).containsExactly(7L);
    }
}
