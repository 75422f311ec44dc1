package io.missive.broker.cluster;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class NodeViewTest {

    private static final long HEARTBEAT = 1_000;
    private static final long T0 = 1_700_000_000_000L;

    private final AtomicLong nanos = new AtomicLong();

    /** Local monotonic time, moved in step with Redis' time (ms since T0). */
    private void at(final long ms) {
        nanos.set(ms * 1_000_000L);
    }

    @Test
    void a_peer_renewing_twice_per_heartbeat_never_looks_dead_and_a_killed_one_is_dead_after_two() {
        // whatever the phase between the peer's renewals and this node's reads
        for (long phase = 0; phase < HEARTBEAT / 2; phase += 7) {
            simulate(phase);
        }
    }

    /**
     * The peer renews every half heartbeat plus 3 ms (a repeated delay drifts), first at {@code phase},
     * and is killed after its last renewal before 10,000 + phase; this node reads the node set every
     * half heartbeat plus 5 ms, first at 250, and gets each answer 60 ms later.
     */
    private void simulate(final long phase) {
        final String self = NodeView.incarnation("a", T0);
        final String peer = NodeView.incarnation("b", T0);
        final long answer = 60;
        final long killAfter = 10_000 + phase;
        long nextRenewal = phase;
        long nextRead = 250;
        long lastRenewal = -1;
        long killed = -1;
        long readRenewal = -1;
        long answerAt = -1;
        NodeView view = null;
        for (long t = 0; t <= 16_000; t++) {
            if (t == nextRenewal) {
                if (t <= killAfter) {
                    lastRenewal = t;
                } else if (killed < 0) {
                    killed = lastRenewal;
                }
                nextRenewal += HEARTBEAT / 2 + 3;
            }
            if (t == nextRead) {
                readRenewal = lastRenewal;
                answerAt = t + answer;
                nextRead += HEARTBEAT / 2 + 5;
            }
            if (t == answerAt && readRenewal >= 0) {
                at(t);
                view = new NodeView(self, Map.of(self, T0 + t + 2 * HEARTBEAT,
                        peer, T0 + readRenewal + 2 * HEARTBEAT), T0 + t - answer, nanos::get);
            }
            if (view == null) {
                continue;
            }
            at(t);
            if (killed < 0) {
                assertThat(view.alive(peer)).as("phase %d: alive at %d", phase, t).isTrue();
            } else if (t >= killed + 2 * HEARTBEAT + answer) {
                assertThat(view.alive(peer)).as("phase %d: dead at %d", phase, t).isFalse();
                assertThat(view.hasPeers()).isFalse();
            }
        }
        assertThat(killed).isPositive();
    }

    @Test
    void only_certainly_dead_incarnations_are_stale() {
        final String self = NodeView.incarnation("a", T0);
        final String expiredLongAgo = NodeView.incarnation("b", T0 - 600_000);
        final String justExpired = NodeView.incarnation("c", T0 - 600_000);
        final String unknownOld = NodeView.incarnation("d", T0 - 120_000);
        final String unknownNew = NodeView.incarnation("e", T0 - 1_000);
        at(0);
        final NodeView view = new NodeView(self, Map.of(self, T0 + 2_000, expiredLongAgo, T0 - 40_000,
                justExpired, T0 - 1_000), T0, nanos::get);

        assertThat(view.stale(expiredLongAgo)).isTrue();
        assertThat(view.stale(justExpired)).as("dead, but maybe only late").isFalse();
        assertThat(view.alive(justExpired)).isFalse();
        assertThat(view.stale(unknownOld)).isTrue();
        assertThat(view.stale(unknownNew)).as("may not have announced itself yet").isFalse();
        assertThat(view.stale(self)).isFalse();
        assertThat(view.stale("no-epoch")).isTrue();
        assertThat(NodeView.nodeIdOf(unknownOld)).isEqualTo("d");
        assertThat(NodeView.alone(self, nanos::get).stale(unknownOld)).as("no view yet: nothing is stale").isFalse();
    }
}
