package io.missive.sdk.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void the_ceiling_doubles_from_the_initial_delay_up_to_the_maximum() {
        final Backoff backoff = new Backoff(500, 30_000, () -> 0.0);

        assertThat(backoff.ceilingMs(0)).isEqualTo(500);
        assertThat(backoff.ceilingMs(1)).isEqualTo(1_000);
        assertThat(backoff.ceilingMs(5)).isEqualTo(16_000);
        assertThat(backoff.ceilingMs(6)).isEqualTo(30_000);
        assertThat(backoff.ceilingMs(1_000)).isEqualTo(30_000);
    }

    @Test
    void the_jitter_keeps_each_delay_between_half_and_all_of_the_ceiling() {
        assertThat(new Backoff(500, 30_000, () -> 0.0).delayMs(0)).isEqualTo(250);
        assertThat(new Backoff(500, 30_000, () -> 0.999_999).delayMs(0)).isEqualTo(499);
        assertThat(new Backoff(500, 30_000, () -> 0.5).delayMs(10)).isEqualTo(22_500);
        final Backoff random = new Backoff(java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(30));
        for (int i = 0; i < 1_000; i++) {
            assertThat(random.delayMs(3)).isBetween(2_000L, 4_000L);
        }
    }

    @Test
    void nonsense_settings_are_refused() {
        assertThatThrownBy(() -> new Backoff(0, 10, () -> 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(10, 5, () -> 0.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
