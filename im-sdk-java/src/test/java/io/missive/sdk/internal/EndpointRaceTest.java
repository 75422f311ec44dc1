package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The race of transports against sockets on 127.0.0.1: real dials, a clock the test moves. */
class EndpointRaceTest {

    private static final int TIMEOUT_MS = 30_000;
    private static final long STAGGER_MS = 250;

    private final LocalEndpoints local = new LocalEndpoints();
    private final ManualTimers timers = new ManualTimers();
    private final ThreadPoolExecutor threads = (ThreadPoolExecutor) EndpointConnector.dialThreads("test");
    private final RecordingDialer dialer = new RecordingDialer(new SocketDialer(threads,
            () -> (SSLSocketFactory) SSLSocketFactory.getDefault(), TIMEOUT_MS));
    private final EndpointRace race = new EndpointRace(dialer, timers, STAGGER_MS);

    @AfterEach
    void close() throws Exception {
        local.close();
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).as("dial threads ended").isTrue();
    }

    private static Endpoint tcp(final int port) {
        return Endpoint.parse("tcp://127.0.0.1:" + port);
    }

    @Test
    void the_next_endpoint_is_dialed_only_after_the_stagger_and_the_first_answer_wins() throws Exception {
        final Endpoint blackHole = tcp(local.blackHolePort());
        final Endpoint good = tcp(local.listener().port());

        final CompletableFuture<Endpoint> winner = race.race(List.of(blackHole, good));

        assertThat(dialer.dialed).containsExactly(blackHole);
        timers.advance(STAGGER_MS - 1);
        assertThat(dialer.dialed).containsExactly(blackHole);
        timers.advance(1);
        assertThat(dialer.dialed).containsExactly(blackHole, good);
        assertThat(winner.get(5, TimeUnit.SECONDS)).isSameAs(good);
        // the loser is closed at once: its connect ends long before the connect timeout
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(dialer.closed).contains(blackHole, good));
        await().atMost(Duration.ofSeconds(5)).until(() -> threads.getActiveCount() == 0);
        assertThat(timers.pending()).isZero();
    }

    @Test
    void an_endpoint_that_answers_within_the_stagger_is_the_only_one_dialed() throws Exception {
        final Endpoint first = tcp(local.listener().port());
        final Endpoint second = tcp(local.listener().port());

        assertThat(race.race(List.of(first, second)).get(5, TimeUnit.SECONDS)).isSameAs(first);

        assertThat(dialer.dialed).containsExactly(first);
        assertThat(timers.pending()).as("the stagger timer is cancelled").isZero();
    }

    @Test
    void a_refused_endpoint_lets_the_next_one_go_at_once() throws Exception {
        final Endpoint refusing = tcp(local.refusingPort());
        final Endpoint good = tcp(local.listener().port());

        // the clock does not move: only the refusal can start the second dial
        assertThat(race.race(List.of(refusing, good)).get(5, TimeUnit.SECONDS)).isSameAs(good);
        assertThat(dialer.dialed).containsExactly(refusing, good);
    }

    @Test
    void a_later_endpoint_wins_while_an_earlier_one_hangs() throws Exception {
        final Endpoint hole1 = tcp(local.blackHolePort());
        final Endpoint hole2 = tcp(local.blackHolePort());
        final Endpoint good = tcp(local.listener().port());

        final CompletableFuture<Endpoint> winner = race.race(List.of(hole1, hole2, good));
        timers.advance(STAGGER_MS);
        assertThat(dialer.dialed).containsExactly(hole1, hole2);
        timers.advance(STAGGER_MS);

        assertThat(winner.get(5, TimeUnit.SECONDS)).isSameAs(good);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(dialer.closed).contains(hole1, hole2));
        await().atMost(Duration.ofSeconds(5)).until(() -> threads.getActiveCount() == 0);
    }

    @Test
    void when_every_endpoint_fails_the_failure_names_each() throws Exception {
        final Endpoint refusing1 = tcp(local.refusingPort());
        final Endpoint refusing2 = tcp(local.refusingPort());

        final CompletableFuture<Endpoint> winner = race.race(List.of(refusing1, refusing2));

        await().atMost(Duration.ofSeconds(5)).until(winner::isDone);
        assertThatThrownBy(winner::join).hasCauseInstanceOf(EndpointRace.NoEndpointAnswered.class)
                .hasMessageContaining("none of 2 endpoints answered")
                .hasMessageContaining(refusing1.uri()).hasMessageContaining(refusing2.uri());
    }

    @Test
    void a_websocket_endpoint_wins_only_when_the_upgrade_is_accepted() throws Exception {
        final Endpoint refused = Endpoint.parse("ws://127.0.0.1:" + local.webSocket("HTTP/1.1 404 Not Found").port() + "/mqtt");
        final Endpoint upgraded = Endpoint.parse("ws://127.0.0.1:"
                + local.webSocket("HTTP/1.1 101 Switching Protocols").port() + "/mqtt");

        assertThat(race.race(List.of(refused, upgraded)).get(5, TimeUnit.SECONDS)).isSameAs(upgraded);
        assertThat(dialer.dialed).containsExactly(refused, upgraded);
        assertThat(dialer.failures.get(refused)).hasMessageContaining("404");
    }

    @Test
    void cancelling_the_race_closes_every_dial() throws Exception {
        final Endpoint hole = tcp(local.blackHolePort());
        final Endpoint good = tcp(local.listener().port());

        final CompletableFuture<Endpoint> winner = race.race(List.of(hole, good));
        winner.cancel(false);
        timers.advance(STAGGER_MS);

        assertThat(dialer.dialed).containsExactly(hole);
        assertThat(dialer.closed).containsExactly(hole);
        await().atMost(Duration.ofSeconds(5)).until(() -> threads.getActiveCount() == 0);
    }

    /** Remembers which endpoints were dialed, in order, and which dials were closed. */
    private static final class RecordingDialer implements Dialer {

        final List<Endpoint> dialed = new CopyOnWriteArrayList<>();
        final List<Endpoint> closed = new CopyOnWriteArrayList<>();
        final Map<Endpoint, Throwable> failures = new ConcurrentHashMap<>();
        private final Dialer target;

        RecordingDialer(final Dialer target) {
            this.target = target;
        }

        @Override
        public @NotNull Dial dial(final @NotNull Endpoint endpoint) {
            dialed.add(endpoint);
            final Dial dial = target.dial(endpoint);
            dial.established().whenComplete((ok, failure) -> {
                if (failure != null) {
                    failures.put(endpoint, failure);
                }
            });
            return new Dial() {
                @Override
                public @NotNull CompletableFuture<Void> established() {
                    return dial.established();
                }

                @Override
                public void close() {
                    if (!closed.contains(endpoint)) {
                        closed.add(endpoint);
                    }
                    dial.close();
                }
            };
        }
    }
}
