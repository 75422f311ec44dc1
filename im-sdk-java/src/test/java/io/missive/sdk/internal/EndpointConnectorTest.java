package io.missive.sdk.internal;

import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveConnectException;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which endpoint gets the MQTT connection, and what happens when it fails; dials and CONNACKs are scripted. */
class EndpointConnectorTest {

    static {
        Logger.getLogger(EndpointConnector.class.getName()).setLevel(Level.OFF);
    }

    private static final Endpoint A = Endpoint.parse("tcp://127.0.0.1:1001");
    private static final Endpoint B = Endpoint.parse("ws://127.0.0.1:1002/mqtt");
    private static final Endpoint C = Endpoint.parse("ssl://127.0.0.1:1003");

    private final ManualTimers timers = new ManualTimers();
    private final ScriptedDialer dialer = new ScriptedDialer();
    private final List<Endpoint> mqttConnects = new CopyOnWriteArrayList<>();
    private final Map<Endpoint, Throwable> connackFailures = new ConcurrentHashMap<>();
    private final EndpointConnector connector =
            new EndpointConnector(List.of(A, B, C), new EndpointRace(dialer, timers, 250), Runnable::run);

    private CompletableFuture<Endpoint> mqttConnect(final Endpoint endpoint) {
        mqttConnects.add(endpoint);
        final Throwable failure = connackFailures.get(endpoint);
        return failure == null ? CompletableFuture.completedFuture(endpoint) : Futures.failed(failure);
    }

    private static MissiveConnectException transportFailure() {
        return new MissiveConnectException(ErrorCode.NOT_CONNECTED, "could not connect: connection reset", -1, null);
    }

    @Test
    void the_mqtt_connection_goes_to_the_winner_only_and_the_winner_is_tried_first_next_time() {
        dialer.failing.add(A);

        assertThat(connector.connect(this::mqttConnect).join()).isSameAs(B);
        assertThat(mqttConnects).containsExactly(B);
        assertThat(connector.order()).containsExactly(B, A, C);

        dialer.dialed.clear();
        assertThat(connector.connect(this::mqttConnect).join()).isSameAs(B);
        assertThat(dialer.dialed).as("the remembered winner is dialed first, and answers").containsExactly(B);
    }

    @Test
    void a_refusal_by_the_server_ends_the_attempt_without_trying_other_endpoints() {
        final MissiveConnectException badPassword =
                new MissiveConnectException(ErrorCode.BAD_CREDENTIALS, "server refused the connection with reason code 0x86", 0x86, null);
        connackFailures.put(A, badPassword);

        assertThatThrownBy(() -> connector.connect(this::mqttConnect).join()).hasCause(badPassword);
        assertThat(mqttConnects).containsExactly(A);
        timers.advance(10_000);
        assertThat(dialer.dialed).containsExactly(A);
        assertThat(connector.order()).as("nothing remembered").containsExactly(A, B, C);
    }

    @Test
    void when_the_winner_fails_in_transport_the_remaining_endpoints_race_at_once() {
        connackFailures.put(A, transportFailure());

        assertThat(connector.connect(this::mqttConnect).join()).isSameAs(B);
        assertThat(mqttConnects).containsExactly(A, B);
        assertThat(dialer.dialed).containsExactly(A, B);
        assertThat(connector.order()).containsExactly(B, A, C);
    }

    @Test
    void when_every_endpoint_fails_the_connect_fails_with_not_connected_naming_them() {
        dialer.failing.addAll(Set.of(A, B, C));

        assertThatThrownBy(() -> connector.connect(this::mqttConnect).join())
                .cause().isInstanceOfSatisfying(MissiveConnectException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED);
                    assertThat(e.reasonCode()).isEmpty();
                    assertThat(e.getMessage()).contains(A.uri(), B.uri(), C.uri());
                });
        assertThat(mqttConnects).isEmpty();
    }

    @Test
    void the_last_endpoint_left_is_connected_to_without_a_race() {
        connackFailures.put(A, transportFailure());
        connackFailures.put(B, transportFailure());

        assertThat(connector.connect(this::mqttConnect).join()).isSameAs(C);
        assertThat(mqttConnects).containsExactly(A, B, C);
        assertThat(dialer.dialed).as("C is not dialed before its MQTT connection").containsExactly(A, B);
    }

    @Test
    void a_single_endpoint_is_never_dialed_before_connecting() {
        final EndpointConnector single =
                new EndpointConnector(List.of(A), new EndpointRace(dialer, timers, 250), Runnable::run);

        assertThat(single.connect(this::mqttConnect).join()).isSameAs(A);
        assertThat(dialer.dialed).isEmpty();
    }

    /** Dials that answer (or fail) at once, as scripted. */
    private static final class ScriptedDialer implements Dialer {

        final List<Endpoint> dialed = new CopyOnWriteArrayList<>();
        final Set<Endpoint> failing = ConcurrentHashMap.newKeySet();

        @Override
        public @NotNull Dial dial(final @NotNull Endpoint endpoint) {
            dialed.add(endpoint);
            final CompletableFuture<Void> established = failing.contains(endpoint)
                    ? Futures.failed(new IOException("Connection refused")) : CompletableFuture.completedFuture(null);
            return new Dial() {
                @Override
                public @NotNull CompletableFuture<Void> established() {
                    return established;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void after_a_loss_the_endpoints_after_the_winner_follow_from_a_random_start() {
        final Endpoint d = Endpoint.parse("wss://127.0.0.1:1004/mqtt");
        final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        final EndpointConnector rotating = new EndpointConnector(List.of(A, B, C, d),
                new EndpointRace(dialer, timers, 250), Runnable::run, bound -> next.getAndIncrement() % bound);
        assertThat(rotating.connect(this::mqttConnect).join()).isSameAs(A);

        assertThat(rotating.order(true)).containsExactly(A, B, C, d);
        assertThat(rotating.order(true)).containsExactly(A, C, d, B);
        assertThat(rotating.order(true)).containsExactly(A, d, B, C);
        assertThat(rotating.order(false)).as("a connect of the app's keeps the configured order")
                .containsExactly(A, B, C, d);
    }
}
