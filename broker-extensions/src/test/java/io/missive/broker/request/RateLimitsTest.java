package io.missive.broker.request;

import io.missive.broker.config.RateLimitSettings;
import io.missive.broker.store.Workers;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Workers workers = new Workers();
    private final Identity phone = new Identity("ann", "ann-phone");
    private final Identity laptop = new Identity("ann", "ann-laptop");

    @AfterEach
    void close() {
        workers.close();
    }

    private RateLimits limits(final RateLimitSettings settings) {
        return new RateLimits(settings, workers, now::get);
    }

    private void advanceMs(final long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void a_burst_passes_then_sends_are_refused_with_the_time_until_the_next_token() {
        final RateLimits limits = limits(new RateLimitSettings(4, 3, 0, 1));
        for (int i = 0; i < 3; i++) {
            limits.admit(phone, Uplink.BodyCase.SEND);
        }

        assertThatThrownBy(() -> limits.admit(phone, Uplink.BodyCase.SEND))
                .isInstanceOfSatisfying(RequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.retryAfterMs()).isEqualTo(250); // one token every 250 ms at 4/s
                    assertThat(e.ackReasonCode().name()).isEqualTo("QUOTA_EXCEEDED");
                });
        advanceMs(249);
        assertThatThrownBy(() -> limits.admit(phone, Uplink.BodyCase.SEND))
                .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.retryAfterMs()).isEqualTo(1));
        advanceMs(1);
        limits.admit(phone, Uplink.BodyCase.SEND);
    }

    @Test
    void each_device_has_its_own_buckets_and_other_requests_their_own() {
        final RateLimits limits = limits(new RateLimitSettings(1, 1, 1, 2));
        limits.admit(phone, Uplink.BodyCase.SEND);
        assertThatThrownBy(() -> limits.admit(phone, Uplink.BodyCase.SEND)).isInstanceOf(RequestException.class);

        limits.admit(laptop, Uplink.BodyCase.SEND);
        limits.admit(phone, Uplink.BodyCase.GET_UNREAD);
        limits.admit(phone, Uplink.BodyCase.HISTORY);
        assertThatThrownBy(() -> limits.admit(phone, Uplink.BodyCase.GET_UNREAD))
                .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
    }

    @Test
    void a_rate_of_zero_is_no_limit_and_keeps_no_state() {
        final RateLimits limits = limits(RateLimitSettings.OFF);
        for (int i = 0; i < 10_000; i++) {
            limits.admit(phone, Uplink.BodyCase.SEND);
            limits.admit(phone, Uplink.BodyCase.HISTORY);
        }
        assertThat(limits.buckets()).isZero();
    }

    @Test
    void buckets_that_filled_up_again_are_dropped_and_the_others_kept() {
        final RateLimits limits = limits(new RateLimitSettings(10, 10, 10, 10));
        limits.admit(phone, Uplink.BodyCase.SEND);
        advanceMs(200); // phone's bucket is full again
        limits.admit(laptop, Uplink.BodyCase.SEND);

        limits.sweep();

        assertThat(limits.buckets()).isEqualTo(1);
    }
}
