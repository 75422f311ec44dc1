package io.missive.sdk.internal;

import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class SyncSignalTest {

    private final SyncSignal signal = new SyncSignal(Runnable::run);

    @Test
    void a_waiter_is_released_when_the_connection_has_caught_up() {
        final CompletableFuture<Void> waiting = signal.next();
        assertThat(waiting).isNotDone();

        signal.synced();

        assertThat(waiting).isCompleted();
        assertThat(signal.next()).isCompleted();
    }

    @Test
    void after_the_connection_ends_waiters_wait_for_the_next_one() {
        signal.synced();
        signal.reset();

        final CompletableFuture<Void> next = signal.next();
        assertThat(next).isNotDone();
        signal.synced();
        assertThat(next).isCompleted();
    }

    @Test
    void a_waiter_cannot_complete_the_signal_for_others() {
        signal.next().complete(null);

        assertThat(signal.next()).isNotDone();
    }

    @Test
    void closing_fails_waiters_now_and_later() {
        final CompletableFuture<Void> waiting = signal.next();

        signal.close(new MissiveException(ErrorCode.NOT_CONNECTED, "closed"));

        assertThat(waiting).isCompletedExceptionally();
        assertThat(signal.next()).isCompletedExceptionally();
        signal.synced();
        assertThat(signal.next()).isCompletedExceptionally();
    }
}
