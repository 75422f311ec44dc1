package io.missive.broker.store;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final TokenBuckets buckets = new TokenBuckets(10, 2, now::get);

    @Test
    void a_key_takes_its_burst_then_waits_for_the_rate_and_a_refusal_takes_nothing() {
        assertThat(buckets.take("10.0.0.1")).isZero();
        assertThat(buckets.take("10.0.0.1")).isZero();
        assertThat(buckets.take("10.0.0.1")).isEqualTo(100);
        assertThat(buckets.take("10.0.0.2")).as("another key, its own bucket").isZero();

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(60));
        assertThat(buckets.take("10.0.0.1")).isEqualTo(40);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(40));
        assertThat(buckets.take("10.0.0.1")).isZero();
    }

    @Test
    void refilled_buckets_are_swept_and_a_rate_must_be_positive() {
        buckets.take("a");
        buckets.take("b");
        buckets.take("b");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100)); // a is full again, b holds one token

        buckets.sweep();

        assertThat(buckets.size()).isEqualTo(1);
        assertThatThrownBy(() -> new TokenBuckets(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
