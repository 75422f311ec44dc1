package io.missive.storage.sequence;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedChainTest {

    @Test
    void tasks_of_a_key_run_one_at_a_time_in_submission_order() {
        final KeyedChain chain = new KeyedChain();
        final List<CompletableFuture<String>> gates = new ArrayList<>();
        final List<String> started = new ArrayList<>();
        final List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            final int n = i;
            gates.add(new CompletableFuture<>());
            results.add(chain.run("k", () -> {
                started.add("k" + n);
                return gates.get(n);
            }));
        }
        final CompletableFuture<String> other = chain.run("other", () -> CompletableFuture.completedFuture("o"));

        assertThat(started).containsExactly("k0");
        assertThat(other).isCompletedWithValue("o");
        gates.get(0).completeExceptionally(new IllegalStateException("first failed"));
        // a failed task does not stop the next one
        assertThat(results.get(0)).isCompletedExceptionally();
        assertThat(started).containsExactly("k0", "k1");
        gates.get(1).complete("one");
        assertThat(started).containsExactly("k0", "k1", "k2");
        assertThat(chain.activeKeys()).isEqualTo(1);
        gates.get(2).complete("two");
        assertThat(results.get(2)).isCompletedWithValue("two");
        assertThat(chain.activeKeys()).isZero();
    }

    @Test
    void a_task_that_throws_fails_its_future_and_frees_the_key() {
        final KeyedChain chain = new KeyedChain();
        final CompletableFuture<Object> failed = chain.run("k", () -> {
            throw new IllegalArgumentException("refused");
        });
        assertThat(failed).isCompletedExceptionally();
        assertThat(chain.run("k", () -> CompletableFuture.completedFuture(1))).isCompletedWithValue(1);
        assertThat(chain.activeKeys()).isZero();
    }
}
