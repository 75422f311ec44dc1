package io.missive.sdk.internal;

import io.missive.sdk.ConnectResult;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveConnectException;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectorTest {

    static {
        Logger.getLogger(Reconnector.class.getName()).setLevel(Level.OFF);
    }

    private final ManualTimers timers = new ManualTimers();
    private final List<CompletableFuture<ConnectResult>> attempts = new CopyOnWriteArrayList<>();
    private final List<MissiveConnectException> refusals = new CopyOnWriteArrayList<>();
    private volatile boolean connected;
    private final Reconnector reconnector = reconnector(true);

    private Reconnector reconnector(final boolean enabled) {
        return new Reconnector(new Reconnector.Target() {
            @Override
            public @NotNull CompletableFuture<ConnectResult> reconnect() {
                final CompletableFuture<ConnectResult> attempt = new CompletableFuture<>();
                attempts.add(attempt);
                return attempt;
            }

            @Override
            public boolean isConnected() {
                return connected;
            }
        }, new Backoff(500, 30_000, () -> 0.0), timers, enabled, refusals::add);
    }

    private static MissiveConnectException refused(final ErrorCode code) {
        return new MissiveConnectException(code, code.name(), -1, null);
    }

    private CompletableFuture<ConnectResult> lastAttempt() {
        return attempts.get(attempts.size() - 1);
    }

    @Test
    void a_lost_connection_is_retried_with_growing_delays_until_it_is_back() {
        reconnector.start();
        reconnector.connectionLost();
        assertThat(timers.pendingDelays()).containsExactly(250L);
        timers.advance(250);
        lastAttempt().completeExceptionally(refused(ErrorCode.NOT_CONNECTED));
        assertThat(timers.pendingDelays()).containsExactly(500L);
        timers.advance(500);
        lastAttempt().completeExceptionally(refused(ErrorCode.QUOTA_EXCEEDED));
        assertThat(timers.pendingDelays()).containsExactly(1_000L);
        timers.advance(1_000);
        lastAttempt().complete(ConnectResult.of("alice", "alice-phone", null));

        assertThat(attempts).hasSize(3);
        assertThat(timers.pending()).isZero();
        reconnector.connectionLost();
        assertThat(timers.pendingDelays()).containsExactly(250L);
    }

    @Test
    void refused_credentials_end_the_attempts_and_are_reported() {
        reconnector.start();
        reconnector.connectionLost();
        timers.advance(250);

        lastAttempt().completeExceptionally(refused(ErrorCode.BAD_CREDENTIALS));

        assertThat(refusals).singleElement().extracting(MissiveConnectException::code)
                .isEqualTo(ErrorCode.BAD_CREDENTIALS);
        assertThat(timers.pending()).isZero();
        reconnector.connectionLost();
        assertThat(timers.pending()).isZero();
    }

    @Test
    void stopping_cancels_the_scheduled_attempt() {
        reconnector.start();
        reconnector.connectionLost();

        reconnector.stop();
        timers.advance(60_000);

        assertThat(attempts).isEmpty();
    }

    @Test
    void a_connection_the_application_never_established_or_turned_off_reconnects_is_left_alone() {
        reconnector.connectionLost();
        final Reconnector off = reconnector(false);
        off.start();
        off.connectionLost();
        timers.advance(60_000);

        assertThat(attempts).isEmpty();
    }

    @Test
    void an_attempt_due_while_already_connected_does_nothing() {
        reconnector.start();
        reconnector.connectionLost();
        connected = true;

        timers.advance(250);

        assertThat(attempts).isEmpty();
    }
}
