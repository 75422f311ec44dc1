package io.missive.broker.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class WriteBehindTest {

    private final List<Map<String, Long>> written = new ArrayList<>();
    private final List<CompletableFuture<Void>> writes = new ArrayList<>();
    private final WriteBehind<String, Long> highest = new WriteBehind<>(Math::max, batch -> {
        written.add(Map.copyOf(batch));
        final CompletableFuture<Void> write = new CompletableFuture<>();
        writes.add(write);
        return write;
    });

    @Test
    void values_taken_between_flushes_are_written_in_one_batch_combined_per_key() {
        highest.put("phone", 3L);
        highest.put("phone", 7L);
        highest.put("phone", 5L);
        highest.put("laptop", 2L);

        highest.flush();

        assertThat(written).containsExactly(Map.of("phone", 7L, "laptop", 2L));
    }

    @Test
    void nothing_is_written_when_nothing_was_taken() {
        assertThat(highest.flush()).isCompleted();
        assertThat(written).isEmpty();
    }

    @Test
    void a_value_is_answered_while_it_waits_and_while_it_is_written() {
        highest.put("phone", 7L);
        assertThat(highest.pending("phone")).contains(7L);

        final CompletableFuture<Void> flush = highest.flush();
        assertThat(highest.pending("phone")).contains(7L);
        highest.put("phone", 4L);
        assertThat(highest.pending("phone")).as("the waiting 4 combined with the 7 being written").contains(7L);

        writes.get(0).complete(null);
        assertThat(flush).isCompleted();
        assertThat(highest.pending("phone")).contains(4L);
        assertThat(highest.pending("laptop")).isEmpty();
    }

    @Test
    void a_failed_write_goes_again_with_the_next_flush_combined_with_newer_values() {
        highest.put("phone", 7L);
        highest.put("laptop", 2L);
        final CompletableFuture<Void> first = highest.flush();
        highest.put("laptop", 9L);

        writes.get(0).completeExceptionally(new IllegalStateException("store down"));
        assertThat(first).isCompletedExceptionally();
        highest.flush();

        assertThat(written).hasSize(2);
        assertThat(written.get(1)).isEqualTo(Map.of("phone", 7L, "laptop", 9L));
    }

    @Test
    void a_forgotten_key_is_not_written() {
        highest.put("phone", 7L);
        highest.put("laptop", 2L);
        highest.forget("phone");

        highest.flush();

        assertThat(written).containsExactly(Map.of("laptop", 2L));
        assertThat(highest.size()).isZero();
    }

    @Test
    void a_write_that_throws_is_a_failed_write() {
        final WriteBehind<String, Long> throwing = new WriteBehind<>(Math::max, batch -> {
            throw new IllegalStateException("no client");
        });
        throwing.put("phone", 1L);

        assertThat(throwing.flush()).isCompletedExceptionally();
        assertThat(throwing.pending("phone")).contains(1L);
        assertThat(throwing.size()).isEqualTo(1);
    }

    @Test
    void a_flush_of_the_due_keys_leaves_the_others_waiting() {
        highest.put("phone", 3L);
        highest.put("laptop", 2L);
        assertThat(highest.keys()).containsExactlyInAnyOrder("phone", "laptop");

        highest.flush("phone"::equals);

        assertThat(written).containsExactly(Map.of("phone", 3L));
        assertThat(highest.keys()).containsExactly("laptop");
        assertThat(highest.flush("tablet"::equals)).isCompleted();
        assertThat(written).hasSize(1);
    }
}
