package io.missive.server.e2e;

import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connect limit per source address ({@code limits.connects-*}): beyond the burst a CONNECT is
 * refused with 0x9F before its credentials are looked at; once a token is back, the address connects
 * again. Loopback is exempt by default; this server limits it, as it would a remote address.
 */
@EndToEnd
class ConnectLimitEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c
            .set("limits.connects-per-second", "1")
            .set("limits.connects-burst", "3")
            .set("limits.connects-exempt", ""));

    /** @param secret null for an anonymous CONNECT (refused at once, without a password check) */
    private static int connect(final String clientId, final String user, final String secret) throws MqttException {
        final MqttConnectionOptions options = new MqttConnectionOptions();
        if (secret != null) {
            options.setUserName(user);
            options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        }
        final MqttClient client = new MqttClient(SERVER.mqttUri(), clientId, new MemoryPersistence());
        try {
            client.connect(options);
            client.disconnect();
            return 0;
        } catch (final MqttException e) {
            return e.getReasonCode();
        } finally {
            client.close(true);
        }
    }

    @Test
    void connects_beyond_the_burst_are_refused_before_the_credentials_and_admitted_again_later() throws Exception {
        final String ann = SERVER.createUser("ann");
        // six anonymous CONNECTs at once (each refused with 0x87 when it gets through, without a password
        // check): the burst of 3, and at most one more token a second, let at most 4 through
        final ExecutorService pool = Executors.newFixedThreadPool(6);
        final List<Integer> codes;
        try {
            final List<Future<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                final String clientId = "anonymous-" + i;
                attempts.add(pool.submit(() -> connect(clientId, null, null)));
            }
            codes = new ArrayList<>();
            for (final Future<Integer> attempt : attempts) {
                codes.add(attempt.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(codes).allMatch(code -> code == 0x87 || code == 0x9F);
        assertThat(codes.stream().filter(code -> code == 0x9F).count()).isGreaterThanOrEqualTo(2);

        // a token a second (a refused attempt takes none): the right password gets in again
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> connect(ann + "-phone", ann, SERVER.password(ann)) == 0);
    }
}
