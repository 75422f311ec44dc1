package io.missive.server.process;

import io.missive.server.EndToEnd;
import io.missive.server.users.UserAccounts;
import io.missive.storage.MongoStores;
import io.missive.storage.user.PasswordHasher;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness itself: a server in a child JVM survives kill -9 and restarts on its data directory. */
@EndToEnd
class ServerProcessTest {

    private static final PasswordHasher FAST_HASHER = new PasswordHasher(1024, 1, 1);

    @TempDir
    Path dataDir;

    @Test
    void a_user_created_before_kill_9_connects_after_the_restart() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            try (MongoStores stores = new MongoStores(server.mongoUri(), server.mongoDatabase(), Runnable::run)) {
                assertThat(new UserAccounts(stores, FAST_HASHER, Runnable::run)
                        .create("alice", "alice-secret", null).get(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(connect(server.mqttUri(), "alice", "alice-secret")).isZero();
            final String mqttUri = server.mqttUri();
            final String mongoUri = server.mongoUri();
            final long firstPid = server.pid();

            assertThat(server.kill9()).isEqualTo(137);
            assertThat(server.isAlive()).isFalse();
            assertThat(accepts(server.mqttPort())).isFalse();

            server.restart();
            assertThat(server.pid()).isNotEqualTo(firstPid);
            assertThat(server.mqttUri()).isEqualTo(mqttUri);
            assertThat(server.mongoUri()).isEqualTo(mongoUri);
            assertThat(connect(server.mqttUri(), "alice", "alice-secret")).isZero();
            assertThat(connect(server.mqttUri(), "alice", "wrong-secret")).isNotZero();

            assertThat(server.stop()).isEqualTo(143);
            assertThat(server.logTail()).contains("Missive stopped");
        }
        assertThat(Files.readString(dataDir.resolve(ServerProcess.LOG_FILE), StandardCharsets.UTF_8))
                .contains("==== start 1 ", "==== start 2 ");
    }

    @Test
    void a_start_that_fails_reports_the_exit_code_and_the_log() {
        final ServerProcess server = ServerProcess.builder(dataDir).config("limits.max-payload-bytes", "1").build();

        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 2 during start-up")
                .hasMessageContaining("limits.max-payload-bytes");
        assertThat(server.isAlive()).isFalse();
    }

    /** A raw Paho MQTT 5 connection; 0 when the broker accepted it, else the CONNACK reason code. */
    private static int connect(final @NotNull String uri, final @NotNull String user, final @NotNull String password)
            throws MqttException {
        final MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(10);
        final MqttClient client = new MqttClient(uri, user + "-phone", new MemoryPersistence());
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

    private static boolean accepts(final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }
}
