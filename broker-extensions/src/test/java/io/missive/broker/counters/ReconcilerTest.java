package io.missive.broker.counters;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {

    private final Map<String, CompletableFuture<Long>> calls = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final AtomicInteger pings = new AtomicInteger();
    private CompletableFuture<Void> pingAnswer = CompletableFuture.completedFuture(null);
    private final Reconciler reconciler = new Reconciler(3, () -> {
        pings.incrementAndGet();
        return pingAnswer;
    }, user -> {
        synchronized (order) {
            order.add(user);
        }
        final CompletableFuture<Long> call = new CompletableFuture<>();
        calls.put(user, call);
        return call;
    });

    private static List<String> users(final int count) {
        return IntStream.range(0, count).mapToObj(i -> "u" + i).collect(Collectors.toList());
    }

    @Test
    void never_more_than_the_limit_run_at_once_and_every_marked_user_is_reconciled() {
        reconciler.mark(users(10));

        reconciler.runRound();
        assertThat(reconciler.running()).isEqualTo(3);
        assertThat(order).containsExactly("u0", "u1", "u2");

        // answers in another order than asked; each frees one place
        for (int i = 0; i < 10; i++) {
            final String oldest = order.stream().filter(u -> !calls.get(u).isDone()).reduce((a, b) -> b).orElseThrow();
            calls.get(oldest).complete(0L);
            assertThat(reconciler.running()).isLessThanOrEqualTo(3);
        }

        assertThat(order).containsExactlyInAnyOrderElementsOf(users(10));
        assertThat(reconciler.pending()).isZero();
        assertThat(pings).hasValue(1);
    }

    @Test
    void a_round_is_not_started_twice_while_it_runs() {
        reconciler.mark(users(5));
        reconciler.runRound();
        reconciler.mark(List.of("late"));

        reconciler.runRound();

        assertThat(pings).hasValue(1);
        assertThat(reconciler.running()).isEqualTo(3);
        for (int answered = 0; answered < 6 && reconciler.running() > 0; answered++) {
            calls.values().stream().filter(call -> !call.isDone()).findFirst().orElseThrow().complete(0L);
        }
        assertThat(order).containsExactlyInAnyOrderElementsOf(List.of("u0", "u1", "u2", "u3", "u4", "late"));
        assertThat(reconciler.pending()).isZero();
    }

    @Test
    void inline_answers_reconcile_everyone_without_exceeding_the_limit() {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final Reconciler inline = new Reconciler(3, () -> CompletableFuture.completedFuture(null), user -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            running.decrementAndGet();
            return CompletableFuture.completedFuture(0L);
        });
        inline.mark(users(50_000));

        inline.runRound();

        assertThat(inline.pending()).isZero();
        assertThat(most.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void a_failure_keeps_its_user_for_the_next_round_and_starts_no_further_one() {
        reconciler.mark(users(6));
        reconciler.runRound();

        calls.get("u0").completeExceptionally(new IllegalStateException("redis went away"));
        calls.get("u1").complete(0L);
        calls.get("u2").complete(0L);

        assertThat(order).containsExactly("u0", "u1", "u2");
        assertThat(reconciler.running()).isZero();
        assertThat(reconciler.pending()).isEqualTo(4); // u3, u4, u5 and u0 again

        order.clear();
        reconciler.runRound();
        assertThat(pings).hasValue(2);
        assertThat(order).containsExactly("u3", "u4", "u5");
    }

    @Test
    void nothing_starts_while_redis_does_not_answer() {
        pingAnswer = CompletableFuture.failedFuture(new IllegalStateException("no answer"));
        reconciler.mark(users(2));

        reconciler.runRound();
        reconciler.runRound();

        assertThat(order).isEmpty();
        assertThat(pings).hasValue(2);
        assertThat(reconciler.pending()).isEqualTo(2);
    }
}
