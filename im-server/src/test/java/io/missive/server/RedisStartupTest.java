package io.missive.server;

import io.missive.server.broker.ExtensionInstaller;
import io.missive.server.redis.EmbeddedRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the server starts an embedded Redis, when it does not, and that a failed start stops it again. */
@Tag(TestRedis.TAG)
@EndToEnd
class RedisStartupTest {

    @TempDir
    Path dir;

    @Test
    void a_configured_redis_uri_is_used_and_no_embedded_redis_is_started() throws IOException {
        // the "external" Redis: the tests' one, or else a Redis of our own that the server does not own
        try (EmbeddedRedis own = TestRedis.externalUri().isPresent() ? null : EmbeddedRedis.start(dir.resolve("own"), 0)) {
            final String external = TestRedis.externalUri().orElseGet(() -> own.uri());
            final long redisChildrenBefore = redisChildren();

            // the embedded Redis's port is held here: had the server tried to start one, its start would fail
            try (ServerSocket held = new ServerSocket();
                 TestServer server = TestServer.with(c -> c.redisUri(external)
                         .redisEmbeddedPort(bound(held).getLocalPort())).start()) {
                assertThat(server.redisUri()).isEqualTo(external);
                assertThat(server.embeddedRedis()).isFalse();
                assertThat(extensionSetting(server, "redis.uri")).isEqualTo(external);
                assertThat(Files.exists(server.server().dataDir().resolve("redis"))).isFalse();
                assertThat(redisChildren()).isEqualTo(redisChildrenBefore);
                assertThat(TestRedis.answers(server.redisUri())).isTrue();
            }
        }
    }

    @Test
    void the_embedded_redis_runs_from_the_data_dir_on_the_configured_port_until_the_server_stops() {
        final int port = freePort();
        final String uri;
        try (MissiveServer server = MissiveServer.start(config().toBuilder().redisEmbeddedPort(port).build())) {
            uri = server.redisUri();
            assertThat(uri).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(server.embeddedRedis()).isTrue();
            assertThat(TestRedis.answers(uri)).isTrue();
            assertThat(dir.resolve("redis").resolve(EmbeddedRedis.PID_FILE)).exists();
        }
        assertThat(TestRedis.answers(uri)).isFalse();
        assertThat(dir.resolve("redis").resolve(EmbeddedRedis.PID_FILE)).doesNotExist();
    }

    @Test
    void a_failed_start_stops_the_embedded_redis_again() throws IOException {
        final int redisPort = freePort();
        final long redisChildrenBefore = redisChildren();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final ServerConfig config = config().toBuilder()
                    .mqttPort(taken.getLocalPort()).redisEmbeddedPort(redisPort).build();

            assertThatThrownBy(() -> MissiveServer.start(config))
                    .isInstanceOf(MissiveStartException.class)
                    .hasMessageContaining("mqtt.port");
        }
        // no Redis answers there (the port may meanwhile be another process's: only a Redis would answer PING)
        assertThat(TestRedis.answers("redis://127.0.0.1:" + redisPort)).isFalse();
        assertThat(redisChildren()).isEqualTo(redisChildrenBefore);
    }

    @Test
    void a_redis_port_in_use_is_reported_by_its_key() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(EmbeddedRedis.HOST), 0));
            final ServerConfig config = config().toBuilder().redisEmbeddedPort(taken.getLocalPort()).build();

            assertThatThrownBy(() -> MissiveServer.start(config))
                    .isInstanceOf(MissiveStartException.class)
                    .hasMessageContaining("redis.embedded-port");
        }
    }

    private ServerConfig config() {
        return ServerConfig.builder().dataDir(dir).mqttPort(0).mongoEmbeddedPort(0).redisEmbeddedPort(0).httpPort(0)
                .build();
    }

    private static String extensionSetting(final TestServer server, final String key) throws IOException {
        final Properties written = new Properties();
        try (Reader reader = Files.newBufferedReader(server.server().dataDir()
                .resolve("hivemq/extensions/missive-extension").resolve(ExtensionInstaller.CONF_FILE), StandardCharsets.UTF_8)) {
            written.load(reader);
        }
        return written.getProperty(key);
    }

    /** redis-server processes this JVM started and that still run. */
    private static long redisChildren() {
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false))
                .count();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServerSocket bound(final ServerSocket socket) {
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(EmbeddedRedis.HOST), 0));
            return socket;
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
