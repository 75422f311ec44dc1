package io.missive.broker.messaging;

import io.missive.broker.store.Workers;
import io.missive.storage.MongoStores;
import io.missive.storage.message.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FanoutTrackerTest {

    // the driver connects lazily: nothing here talks to a store
    private final MongoStores stores = new MongoStores("mongodb://127.0.0.1:1", "unused", Runnable::run);
    private final Workers workers = new Workers();
    private final FanoutTracker tracker = new FanoutTracker(stores, workers);

    @AfterEach
    void close() {
        workers.close();
        stores.close();
    }

    @Test
    void the_checkpoint_stays_before_the_oldest_unfinished_fan_out() {
        final long first = tracker.begin();
        final long second = tracker.begin();

        assertThat(tracker.safeBeforeMs()).isEqualTo(first);
        tracker.end(second);
        assertThat(tracker.safeBeforeMs()).isEqualTo(first);
        tracker.end(first);
        assertThat(tracker.safeBeforeMs()).isGreaterThanOrEqualTo(second);
    }

    @Test
    void two_fan_outs_of_the_same_millisecond_hold_the_checkpoint_until_both_end() {
        long a;
        long b;
        do {
            a = tracker.begin();
            b = tracker.begin();
            if (a != b) {
                tracker.end(a);
                tracker.end(b);
            }
        } while (a != b);

        tracker.end(a);
        assertThat(tracker.safeBeforeMs()).isEqualTo(b);
        tracker.end(b);
        assertThat(tracker.safeBeforeMs()).isGreaterThanOrEqualTo(b);
    }

    @Test
    void a_resend_re_runs_the_fan_out_only_of_a_message_stored_after_the_checkpoint() {
        final long ticket = tracker.begin();
        final StoredMessage before = message(ticket - 5_000);
        final StoredMessage during = message(ticket);

        assertThat(tracker.mayBeUnfinished(before)).isFalse();
        assertThat(tracker.mayBeUnfinished(during)).isTrue();
        tracker.end(ticket);
        // once the clock has moved past it, nothing holds the checkpoint at its time any more
        await().atMost(Duration.ofSeconds(5)).until(() -> !tracker.mayBeUnfinished(during));
    }

    private static StoredMessage message(final long serverTimeMs) {
        return new StoredMessage("0123456789abcdef01234567", "dm:a:b", 1, "a", "a1", "m1", serverTimeMs, "hi");
    }
}
