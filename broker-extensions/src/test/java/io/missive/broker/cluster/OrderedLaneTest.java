package io.missive.broker.cluster;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedLaneTest {

    private final List<List<Integer>> sent = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();

    private OrderedLane<Integer> lane(final int maxQueued, final int maxItems, final int maxWeight) {
        return new OrderedLane<>(maxQueued, maxItems, maxWeight, item -> item, batch -> {
            sent.add(List.copyOf(batch));
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            final CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(done);
            return done;
        }, dropped);
    }

    /** Completes the oldest batch in flight (successfully or not). */
    private void complete(final boolean ok) {
        final CompletableFuture<Void> first = pending.remove(0);
        inFlight.decrementAndGet();
        if (ok) {
            first.complete(null);
        } else {
            first.completeExceptionally(new IllegalStateException("publish failed"));
        }
    }

    @Test
    void one_batch_in_flight_and_what_waits_goes_next_in_order() {
        final OrderedLane<Integer> lane = lane(100, 10, 1_000);
        lane.offer(1);
        assertThat(sent).containsExactly(List.of(1));
        lane.offer(2);
        lane.offer(3);
        lane.offer(4);
        assertThat(sent).as("nothing more while one is in flight").hasSize(1);
        assertThat(lane.queued()).isEqualTo(3);

        complete(true);
        assertThat(sent).containsExactly(List.of(1), List.of(2, 3, 4));
        complete(false);
        assertThat(pending).isEmpty();
        lane.offer(5);
        assertThat(sent).as("after a failure the lane goes on").containsExactly(List.of(1), List.of(2, 3, 4), List.of(5));
        complete(true);
        assertThat(maxInFlight.get()).isEqualTo(1);
        assertThat(dropped.sum()).isZero();
    }

    @Test
    void batches_are_bounded_by_items_and_weight() {
        final OrderedLane<Integer> lane = lane(100, 3, 10);
        lane.offer(1);
        for (int i = 2; i <= 9; i++) {
            lane.offer(i);
        }
        while (!pending.isEmpty()) {
            complete(true);
        }
        // weights are the items themselves: at most 3 items and 10 in total, a heavier single one alone
        assertThat(sent).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5), List.of(6), List.of(7),
                List.of(8), List.of(9));
    }

    @Test
    void a_full_queue_drops_and_counts() {
        final OrderedLane<Integer> lane = lane(2, 10, 1_000);
        assertThat(lane.offer(1)).isTrue();
        assertThat(lane.offer(2)).isTrue();
        assertThat(lane.offer(3)).isTrue();
        assertThat(lane.offer(4)).as("queue full").isFalse();
        assertThat(dropped.sum()).isEqualTo(1);
        complete(true);
        complete(true);
        assertThat(sent).containsExactly(List.of(1), List.of(2, 3));
    }

    @Test
    void synchronous_sends_drain_without_recursion_and_keep_order() {
        final List<Integer> seen = new ArrayList<>();
        final OrderedLane<Integer> lane = new OrderedLane<>(1_000_000, 1, 1, item -> 1, batch -> {
            seen.addAll(batch);
            return CompletableFuture.completedFuture(null);
        }, dropped);
        for (int i = 0; i < 100_000; i++) {
            lane.offer(i);
        }
        assertThat(seen).hasSize(100_000);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }

    @Test
    void concurrent_offers_keep_each_producers_order() throws Exception {
        final List<Integer> seen = new CopyOnWriteArrayList<>();
        final OrderedLane<Integer> lane = new OrderedLane<>(1_000_000, 50, 1_000_000, item -> 1, batch -> {
            seen.addAll(batch);
            return CompletableFuture.runAsync(() -> { });
        }, dropped);
        final Thread[] producers = new Thread[4];
        for (int p = 0; p < producers.length; p++) {
            final int producer = p;
            producers[p] = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    lane.offer(producer * 1_000_000 + i);
                }
            });
            producers[p].start();
        }
        for (final Thread producer : producers) {
            producer.join(30_000);
        }
        org.awaitility.Awaitility.await().until(() -> seen.size() == 20_000);
        final int[] last = {-1, -1, -1, -1};
        for (final int item : seen) {
            final int producer = item / 1_000_000;
            assertThat(item % 1_000_000).isGreaterThan(last[producer]);
            last[producer] = item % 1_000_000;
        }
    }
}
