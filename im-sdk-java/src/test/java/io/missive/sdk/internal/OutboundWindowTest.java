package io.missive.sdk.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundWindowTest {

    private final List<String> published = new ArrayList<>();
    private final List<Runnable> releases = new ArrayList<>();

    private OutboundWindow.Task publishing(final String name) {
        return release -> {
            published.add(name);
            releases.add(release);
            return true;
        };
    }

    private OutboundWindow.Task skipping(final String name) {
        return release -> {
            published.add("skipped " + name);
            return false;
        };
    }

    @Test
    void requests_beyond_the_receive_maximum_wait_for_a_puback() {
        final OutboundWindow window = new OutboundWindow(2);

        window.submit(publishing("a"));
        window.submit(publishing("b"));
        window.submit(publishing("c"));

        assertThat(published).containsExactly("a", "b");
        assertThat(window.waiting()).isEqualTo(1);

        releases.get(0).run();

        assertThat(published).containsExactly("a", "b", "c");
        assertThat(window.inFlight()).isEqualTo(2);
    }

    @Test
    void a_freed_slot_goes_to_waiting_requests_in_order_and_skips_abandoned_ones() {
        final OutboundWindow window = new OutboundWindow(1);
        window.submit(publishing("a"));
        window.submit(skipping("timed-out"));
        window.submit(publishing("b"));

        releases.get(0).run();

        assertThat(published).containsExactly("a", "skipped timed-out", "b");
        assertThat(window.inFlight()).isEqualTo(1);
        assertThat(window.waiting()).isZero();
    }

    @Test
    void releasing_twice_frees_one_slot() {
        final OutboundWindow window = new OutboundWindow(1);
        window.submit(publishing("a"));

        releases.get(0).run();
        releases.get(0).run();

        assertThat(window.inFlight()).isZero();
    }

    @Test
    void acks_from_an_earlier_connection_do_not_free_slots_of_the_new_one() {
        final OutboundWindow window = new OutboundWindow(1);
        window.submit(publishing("old"));
        window.submit(publishing("dropped"));

        window.reset(1);
        window.submit(publishing("new"));
        releases.get(0).run();
        window.submit(publishing("queued"));

        assertThat(published).containsExactly("old", "new");
        assertThat(window.inFlight()).isEqualTo(1);
        assertThat(window.waiting()).isEqualTo(1);
    }
}
