package io.missive.server;

import io.missive.server.broker.ExtensionInstaller;
import io.missive.storage.MongoStores;
import io.missive.storage.message.AppendResult;
import io.missive.storage.message.NewMessage;
import io.missive.storage.message.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Start-up, fail-closed behaviour and restarts of the real server (HiveMQ + extension zip + embedded store). */
@EndToEnd
class MissiveServerTest {

    @TempDir
    Path dir;

    @Test
    void starts_from_its_zip_admits_a_user_and_refuses_a_wrong_password() throws IOException {
        try (TestServer server = TestServer.create().start()) {
            final String alice = server.createUser("alice");

            assertThat(RawMqtt.connect(server.mqttUri(), "phone-1", alice, server.password(alice))).isZero();
            assertThat(RawMqtt.connect(server.mqttUri(), "phone-2", alice, "not-her-password")).isNotZero();
            assertThat(RawMqtt.connect(server.mqttUri(), "phone-3", "nobody", "whatever-password")).isNotZero();

            final Properties written = new Properties();
            written.load(Files.newBufferedReader(server.server().dataDir()
                    .resolve("hivemq/extensions/missive-extension").resolve(ExtensionInstaller.CONF_FILE)));
            assertThat(written.getProperty("mongo.uri")).isEqualTo(server.server().mongoUri());
            assertThat(written.getProperty("history.max-limit")).isEqualTo("100");
        }
    }

    @Test
    void the_extension_is_loaded_from_its_zip_never_from_the_class_path() throws IOException {
        assertThat(getClass().getResource(ExtensionInstaller.RESOURCE)).isNotNull();
        assertThatThrownBy(() -> Class.forName("io.missive.broker.MissiveExtensionMain"))
                .isInstanceOf(ClassNotFoundException.class);
        // a service file on the class path would make HiveMQ see two ExtensionMains and disable the extension
        assertThat(getClass().getClassLoader()
                .getResources("META-INF/services/com.hivemq.extension.sdk.api.ExtensionMain").hasMoreElements())
                .isFalse();
    }

    @Test
    void a_setting_the_extension_rejects_stops_the_start_and_nobody_gets_in_meanwhile() {
        final List<Integer> outcomes = new CopyOnWriteArrayList<>();
        final MissiveServer.StartOptions options = MissiveServer.StartOptions.DEFAULTS
                .withExtensionSettingOverrides(Map.of("limits.max-payload-bytes", "-1"))
                .withOnBrokerListening(port -> outcomes.add(
                        RawMqtt.connect("tcp://127.0.0.1:" + port, "phone-1", "mallory", "any-password")));

        assertThatThrownBy(() -> MissiveServer.start(config(), options))
                .isInstanceOf(ExtensionStartException.class)
                .hasMessageStartingWith("The Missive extension did not start: Invalid configuration: ")
                .hasMessageContaining("limits.max-payload-bytes");
        assertThat(outcomes).containsExactly(RawMqtt.SERVER_UNAVAILABLE);
        assertThat(System.getProperty("missive.extension.state")).isNull();

        // everything was released: the same data dir starts normally
        try (MissiveServer server = MissiveServer.start(config())) {
            assertThat(server.mqttPort()).isPositive();
        }
    }

    @Test
    void an_unusable_mongo_uri_given_to_the_extension_stops_the_start() {
        final MissiveServer.StartOptions options = MissiveServer.StartOptions.DEFAULTS
                .withExtensionSettingOverrides(Map.of("mongo.uri", "not a connection string"));

        assertThatThrownBy(() -> MissiveServer.start(config(), options))
                .isInstanceOf(ExtensionStartException.class)
                .hasMessageContaining("mongo.uri");
    }

    @Test
    void when_the_extension_is_not_loaded_the_gatekeeper_refuses_everyone_and_start_fails_fast() {
        final List<Integer> outcomes = new CopyOnWriteArrayList<>();
        final MissiveServer.StartOptions options = MissiveServer.StartOptions.DEFAULTS
                .withExtensionStartTimeout(Duration.ofMinutes(5))
                .withOnExtensionInstalled(home -> write(home.resolve("DISABLED"), ""))
                .withOnBrokerListening(port -> outcomes.add(
                        RawMqtt.connect("tcp://127.0.0.1:" + port, "phone-1", "mallory", "any-password")));
        final long begin = System.nanoTime();

        assertThatThrownBy(() -> MissiveServer.start(config(), options))
                .isInstanceOf(ExtensionStartException.class)
                .hasMessageContaining("not enabled");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(60));
        assertThat(outcomes).containsExactly(RawMqtt.SERVER_UNAVAILABLE);
    }

    @Test
    void messages_survive_a_restart_on_the_same_data_dir() {
        final StoredMessage stored;
        try (MissiveServer server = MissiveServer.start(config());
             MongoStores stores = stores(server)) {
            final AppendResult result = stores.messages()
                    .append(new NewMessage("dm:alice:bob", "alice", "phone-1", "m-1", "see you at 8")).join();
            stored = result.message();
        }
        assertThat(dir.resolve("mongo/port")).doesNotExist();

        try (MissiveServer server = MissiveServer.start(config());
             MongoStores stores = stores(server)) {
            final Optional<StoredMessage> found = stores.messages().find("dm:alice:bob", stored.seq()).join();
            assertThat(found).hasValueSatisfying(message -> assertThat(message.text()).isEqualTo("see you at 8"));
        }
    }

    @Test
    void a_port_in_use_is_reported_by_its_key() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final ServerConfig config = config().toBuilder().mqttPort(taken.getLocalPort()).build();

            assertThatThrownBy(() -> MissiveServer.start(config))
                    .isInstanceOf(MissiveStartException.class)
                    .hasMessageContaining("mqtt.port " + taken.getLocalPort());
            assertThatThrownBy(() -> MissiveServer.start(config().toBuilder().httpPort(taken.getLocalPort()).build()))
                    .isInstanceOf(MissiveStartException.class)
                    .hasMessageContaining("http.port " + taken.getLocalPort());
        }
    }

    @Test
    void only_one_server_runs_per_jvm() {
        try (MissiveServer first = MissiveServer.start(config())) {
            assertThatThrownBy(() -> MissiveServer.start(config().toBuilder().dataDir(dir.resolve("other")).build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
            assertThat(first.mqttPort()).isPositive();
        }
    }

    @Test
    void mqtt_over_websocket_is_served_at_path_mqtt() {
        try (TestServer server = TestServer.with(c -> c.websocketPort(0)).start()) {
            final String bob = server.createUser("bob");
            final String uri = server.server().websocketUri().orElseThrow();

            assertThat(uri).matches("ws://127\\.0\\.0\\.1:\\d+/mqtt");
            assertThat(RawMqtt.connect(uri, "browser-1", bob, server.password(bob))).isZero();
        }
    }

    @Test
    void closing_stops_every_thread_it_started_and_frees_its_ports() throws IOException {
        final Set<Thread> before = Thread.getAllStackTraces().keySet();
        final int mqttPort;
        final int storePort;
        final int redisPort;
        final int httpPort;
        try (MissiveServer server = MissiveServer.start(config())) {
            mqttPort = server.mqttPort();
            httpPort = server.httpPort().orElseThrow();
            storePort = Integer.parseInt(server.mongoUri().substring(server.mongoUri().lastIndexOf(':') + 1));
            redisPort = Integer.parseInt(server.redisUri().substring(server.redisUri().lastIndexOf(':') + 1));
        }

        // daemon threads of JDK-wide pools may stay; nothing that keeps the JVM alive, nothing of the broker or store
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .filter(thread -> !thread.isDaemon() || thread.getName().startsWith("mongo-server")
                        || thread.getName().toLowerCase(Locale.ROOT).contains("hivemq"))
                .map(Thread::getName)).isEmpty());
        for (final int port : new int[]{mqttPort, storePort, redisPort, httpPort}) {
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    private ServerConfig config() {
        return ServerConfig.builder().dataDir(dir).mqttPort(0).mongoEmbeddedPort(0).redisEmbeddedPort(0).httpPort(0)
                .build();
    }

    private static MongoStores stores(final MissiveServer server) {
        return new MongoStores(server.mongoUri(), server.mongoDatabase(), ForkJoinPool.commonPool());
    }

    private static void write(final Path file, final String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new AssertionError(e);
        }
    }
}
