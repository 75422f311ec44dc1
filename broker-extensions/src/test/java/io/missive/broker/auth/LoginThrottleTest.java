package io.missive.broker.auth;

import io.missive.broker.config.ExtensionConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private final LoginThrottle throttle = new LoginThrottle(
            new ExtensionConfig("mongodb://x", "db", 1024, false, 3, 10, 100));

    @Test
    void pauses_after_the_free_attempts_and_doubles_up_to_the_maximum() {
        final long t = 1_000_000;
        throttle.recordFailure("eve", t);
        throttle.recordFailure("eve", t);
        assertThat(throttle.pauseRemainingMs("eve", t)).isZero();
        throttle.recordFailure("eve", t);
        assertThat(throttle.pauseRemainingMs("eve", t)).isEqualTo(2_000);
        throttle.recordFailure("eve", t);
        assertThat(throttle.pauseRemainingMs("eve", t)).isEqualTo(4_000);
        for (int i = 0; i < 10; i++) {
            throttle.recordFailure("eve", t);
        }
        assertThat(throttle.pauseRemainingMs("eve", t)).isEqualTo(10_000);
        assertThat(throttle.pauseRemainingMs("eve", t + 10_000)).isZero();
        assertThat(throttle.pauseRemainingMs("alice", t)).isZero();
    }

    @Test
    void a_success_clears_the_failures() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("bob", 0);
        }
        throttle.recordSuccess("bob");
        assertThat(throttle.pauseRemainingMs("bob", 0)).isZero();
    }
}
