package io.missive.server.e2e;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.ConnectResult;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveConnectException;
import io.missive.sdk.SyncStore;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Several endpoints of one real server, raced at connect: a black-holed endpoint (no answer to SYNs)
 * costs the stagger, not the connect timeout; with TCP to the MQTT port blocked the WebSocket endpoint
 * gets through and messages flow; a refusing endpoint is passed at once; the winner is tried first by
 * the next connect and by a reconnect; a wrong password is one refusal, never raced around.
 */
@EndToEnd
class EndpointRaceEndToEndTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c.websocketPort(0));

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<MissiveClient> clients = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        clients.forEach(c -> c.close().join());
        for (final AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private MissiveClient client(final String user, final String password, final Duration stagger,
                                 final String... uris) {
        final MissiveClient client = MissiveClient.builder().serverUris(List.of(uris)).userId(user)
                .deviceId(user + "-phone").password(password).syncStore(SyncStore.inMemory())
                .connectTimeout(CONNECT_TIMEOUT).endpointStagger(stagger)
                .reconnectDelay(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
        clients.add(client);
        return client;
    }

    private MissiveClient client(final String user, final Duration stagger, final String... uris) {
        return client(user, SERVER.password(user), stagger, uris);
    }

    private <T extends AutoCloseable> T open(final T resource) {
        resources.add(resource);
        return resource;
    }

    private static String websocketUri() {
        return SERVER.server().websocketUri().orElseThrow();
    }

    private static int refusingPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Connects and returns the result with how long it took. */
    private static Timed connectTimed(final MissiveClient client) {
        final long start = System.nanoTime();
        final ConnectResult result = client.connect().join();
        return new Timed(result, Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void a_black_holed_first_endpoint_costs_the_stagger_not_the_connect_timeout() throws Exception {
        final BlackHole hole = open(new BlackHole());
        final String ann = SERVER.createUser("ann");
        final MissiveClient phone = client(ann, Duration.ofMillis(250), hole.tcpUri(), SERVER.mqttUri());

        final Timed connected = connectTimed(phone);

        assertThat(connected.result.serverUri()).hasValue(SERVER.mqttUri());
        assertThat(phone.connectedServerUri()).hasValue(SERVER.mqttUri());
        assertThat(connected.took).as("the second endpoint was dialed after the stagger")
                .isGreaterThanOrEqualTo(Duration.ofMillis(250))
                .as("far less than the black hole's connect timeout").isLessThan(CONNECT_TIMEOUT.dividedBy(2));
    }

    @Test
    void with_tcp_to_the_mqtt_port_blocked_the_websocket_endpoint_gets_through_and_messages_flow() throws Exception {
        final BlackHole blockedMqtt = open(new BlackHole());
        final String bea = SERVER.createUser("bea");
        final String cal = SERVER.createUser("cal");
        final MissiveClient beaPhone = client(bea, Duration.ofMillis(250), blockedMqtt.tcpUri(), websocketUri());
        final MissiveClient calPhone = client(cal, Duration.ofMillis(250), SERVER.mqttUri());
        final List<ChatMessage> beaInbox = Collections.synchronizedList(new ArrayList<>());
        final List<ChatMessage> calInbox = Collections.synchronizedList(new ArrayList<>());
        beaPhone.addMessageListener(m -> received(m, cal, beaInbox));
        calPhone.addMessageListener(m -> received(m, bea, calInbox));

        assertThat(beaPhone.connect().join().serverUri()).hasValue(websocketUri());
        calPhone.connect().join();
        beaPhone.sendText(cal, "over WebSocket").join();
        calPhone.sendText(bea, "back over TCP").join();

        await().atMost(Duration.ofSeconds(10)).until(() -> calInbox.size() == 1 && beaInbox.size() == 1);
        assertThat(calInbox.get(0).text()).hasValue("over WebSocket");
        assertThat(beaInbox.get(0).text()).hasValue("back over TCP");
        assertThat(beaPhone.connectedServerUri()).hasValue(websocketUri());
    }

    private static void received(final ChatMessage message, final String from, final List<ChatMessage> inbox) {
        if (message.senderUserId().equals(from)) {
            inbox.add(message);
        }
    }

    @Test
    void a_refusing_first_endpoint_is_passed_at_once() throws Exception {
        final String dan = SERVER.createUser("dan");
        final Duration stagger = Duration.ofSeconds(10);
        final MissiveClient phone = client(dan, stagger, "tcp://127.0.0.1:" + refusingPort(), SERVER.mqttUri());

        final Timed connected = connectTimed(phone);

        assertThat(connected.result.serverUri()).hasValue(SERVER.mqttUri());
        assertThat(connected.took).as("the refusal, not the stagger, started the second endpoint")
                .isLessThan(stagger.dividedBy(2));
    }

    @Test
    void the_winner_is_tried_first_by_the_next_connect_and_by_a_reconnect() throws Exception {
        final BlackHole hole = open(new BlackHole());
        final TcpProxy network = open(new TcpProxy(SERVER.mqttPort()));
        final String eli = SERVER.createUser("eli");
        final Duration stagger = Duration.ofSeconds(6);
        final MissiveClient phone = client(eli, stagger, hole.tcpUri(), network.uri());

        final Timed first = connectTimed(phone);
        assertThat(first.result.serverUri()).hasValue(network.uri());
        assertThat(first.took).as("the black hole, listed first, held the race for the stagger")
                .isGreaterThanOrEqualTo(stagger);

        phone.disconnect().join();
        final Timed second = connectTimed(phone);
        assertThat(second.result.serverUri()).hasValue(network.uri());
        assertThat(second.took).as("the remembered winner went first").isLessThan(stagger.dividedBy(2));

        final long cut = System.nanoTime();
        network.cut();
        await().atMost(stagger.dividedBy(2)).until(() -> !phone.isConnected());
        await().atMost(stagger.dividedBy(2)).until(phone::isConnected);
        assertThat(Duration.ofNanos(System.nanoTime() - cut)).as("the reconnect started with the winner too")
                .isLessThan(stagger);
        assertThat(phone.connectedServerUri()).hasValue(network.uri());
    }

    @Test
    void a_wrong_password_is_one_authentication_error_and_no_other_endpoint_is_tried() throws Exception {
        final TcpProxy websocket = open(new TcpProxy(SERVER.server().websocketPort().orElseThrow()));
        final String fay = SERVER.createUser("fay");
        final String otherGoodEndpoint = "ws://127.0.0.1:" + websocket.uri().substring(websocket.uri().lastIndexOf(':') + 1)
                + "/mqtt";
        final MissiveClient phone = client(fay, "not-" + SERVER.password(fay), Duration.ofMillis(250),
                SERVER.mqttUri(), otherGoodEndpoint);

        assertThatThrownBy(() -> phone.connect().join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(MissiveConnectException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_CREDENTIALS);
                    assertThat(e.reasonCode()).hasValue(0x86);
                    assertThat(e.getMessage()).doesNotContain(otherGoodEndpoint);
                });
        assertThat(websocket.accepted()).as("the second endpoint was never dialed nor connected to").isZero();
        assertThat(phone.isConnected()).isFalse();
        assertThat(SERVER.server().isConnected(fay + "-phone")).isFalse();
    }

    private static final class Timed {

        final ConnectResult result;
        final Duration took;

        Timed(final ConnectResult result, final Duration took) {
            this.result = result;
            this.took = took;
        }
    }
}
