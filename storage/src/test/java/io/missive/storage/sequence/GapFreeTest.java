package io.missive.storage.sequence;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class GapFreeTest {

    @Test
    void the_highest_number_is_found_in_logarithmically_many_lookups() {
        for (final long highest : new long[]{0, 1, 2, 3, 7, 8, 9, 1_000, 123_457}) {
            final AtomicInteger lookups = new AtomicInteger();
            final long found = GapFree.highest(0, n -> {
                lookups.incrementAndGet();
                return CompletableFuture.completedFuture(n >= 1 && n <= highest);
            }).join();
            assertThat(found).as("highest %d", highest).isEqualTo(highest);
            assertThat(lookups.get()).as("lookups for %d", highest).isLessThanOrEqualTo(2 * (64 - Long.numberOfLeadingZeros(highest + 1)) + 2);
        }
    }

    @Test
    void numbers_start_above_a_dropped_prefix() {
        assertThat(GapFree.highest(40, n -> CompletableFuture.completedFuture(n > 40 && n <= 57)).join()).isEqualTo(57);
        assertThat(GapFree.highest(40, n -> CompletableFuture.completedFuture(false)).join()).isEqualTo(40);
    }
}
