package io.missive.server;

import io.missive.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults_are_the_documented_ones() {
        final ServerConfig config = ServerConfig.defaults();

        assertThat(config.mqttBindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.mqttPort()).isEqualTo(1883);
        assertThat(config.websocketPort()).isEmpty();
        assertThat(config.dataDir()).isEqualTo(Path.of("./missive-data"));
        assertThat(config.mongoUri()).isEmpty();
        assertThat(config.mongoDatabase()).isEqualTo("missive");
        assertThat(config.mongoEmbeddedPort()).isEqualTo(27117);
        assertThat(config.redisUri()).isEmpty();
        assertThat(config.redisEmbeddedPort()).isEqualTo(6479);
        assertThat(config.mqttMaxPacketBytes()).isEqualTo(1024 * 1024);
        assertThat(config.maxPayloadBytes()).isEqualTo(65536);
        assertThat(config.selfRegistration()).isFalse();
        assertThat(config.maxFailedAttempts()).isEqualTo(5);
        assertThat(config.lockoutMaxSeconds()).isEqualTo(60);
        assertThat(config.historyMaxLimit()).isEqualTo(100);
        assertThat(config.httpBindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).hasValue(8080);
    }

    @Test
    void push_keys_are_checked_and_the_mock_server_excludes_a_real_key() {
        assertThat(ServerConfig.builder().build().mockApns()).isFalse();
        assertThat(ServerConfig.builder().build().extensionSettings()).containsEntry("push.preview", "full")
                .containsEntry("push.apns.key-file", "").doesNotContainKey("push.mock-apns");
        assertThatThrownBy(() -> ServerConfig.builder().set("push.preview", "everything").build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("push.preview");
        assertThatThrownBy(() -> ServerConfig.builder().set("push.apns.key-id", "short").build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("push.apns.key-id");
        assertThatThrownBy(() -> ServerConfig.builder().set("push.mock-apns", "true")
                .set("push.apns.key-file", "AuthKey_ABCDE12345.p8").build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("push.mock-apns");
    }

    @Test
    void a_bad_port_is_reported_with_its_key_and_value() {
        assertThatThrownBy(() -> ServerConfig.builder().set("mqtt.port", "abc").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid configuration: mqtt.port must be an integer 0..65535, got 'abc'")
                .extracting(e -> ((InvalidConfigurationException) e).key().orElseThrow())
                .isEqualTo("mqtt.port");
    }

    @Test
    void an_environment_override_wins_over_the_file_and_is_named_when_bad() throws IOException {
        final Path file = write("mqtt.port=1999\nhistory.max-limit=50\n");

        final ServerConfig config = ServerConfig.load(file, Map.of("MISSIVE_HISTORY_MAX_LIMIT", "20"));
        assertThat(config.mqttPort()).isEqualTo(1999);
        assertThat(config.historyMaxLimit()).isEqualTo(20);

        assertThatThrownBy(() -> ServerConfig.load(file, Map.of("MISSIVE_MQTT_PORT", "70000")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid configuration: mqtt.port must be an integer 0..65535, got '70000' "
                        + "(from environment variable MISSIVE_MQTT_PORT)");
    }

    @Test
    void dashes_and_dots_map_to_underscores_in_environment_names() {
        final ServerConfig config = ServerConfig.load(null, Map.of(
                "MISSIVE_MONGO_EMBEDDED_PORT", "0",
                "MISSIVE_AUTH_SELF_REGISTRATION", "TRUE",
                "MISSIVE_WEBSOCKET_PORT", "8000",
                "UNRELATED", "x"));

        assertThat(config.mongoEmbeddedPort()).isZero();
        assertThat(config.selfRegistration()).isTrue();
        assertThat(config.websocketPort()).isEqualTo(OptionalInt.of(8000));
    }

    @Test
    void a_bad_value_in_the_file_names_the_key_and_the_file() throws IOException {
        final Path file = write("auth.self-registration=yes\n");

        assertThatThrownBy(() -> ServerConfig.load(file, Map.of()))
                .hasMessage("Invalid configuration: auth.self-registration must be true or false, got 'yes' (in "
                        + file + ")");
    }

    @Test
    void an_unknown_key_in_the_file_is_refused() throws IOException {
        final Path file = write("mqtt.prot=1884\n");

        assertThatThrownBy(() -> ServerConfig.load(file, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid configuration: unknown key 'mqtt.prot' in " + file);
    }

    @Test
    void a_missing_config_file_is_an_error() {
        assertThatThrownBy(() -> ServerConfig.load(dir.resolve("nope.properties"), Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("cannot read")
                .hasMessageContaining("nope.properties");
    }

    @Test
    void extension_limits_must_be_positive() {
        assertThatThrownBy(() -> ServerConfig.builder().set("limits.max-payload-bytes", "-1").build())
                .hasMessage("Invalid configuration: limits.max-payload-bytes must be an integer 64..16777216, got '-1'");
        assertThatThrownBy(() -> ServerConfig.builder().set("auth.max-failed-attempts", "0").build())
                .hasMessageContaining("auth.max-failed-attempts must be an integer 1..");
        assertThatThrownBy(() -> ServerConfig.builder().set("history.max-limit", "ten").build())
                .hasMessageContaining("history.max-limit must be an integer 1..");
    }

    @Test
    void a_bad_mongo_uri_is_refused_without_showing_its_password() {
        assertThatThrownBy(() -> ServerConfig.builder().mongoUri("mongodb://admin:hunter22@").build())
                .hasMessageStartingWith("Invalid configuration: mongo.uri must be empty (embedded store) or a MongoDB")
                .hasMessageNotContaining("hunter22");
    }

    @Test
    void redis_uris_name_one_redis_server() {
        for (final String good : new String[]{"redis://127.0.0.1:6390", "redis://redis.example.com",
                "rediss://:secret@redis.example.com:6380/2", "redis://missive:secret@[::1]:6379/"}) {
            assertThat(ServerConfig.builder().redisUri(good).build().redisUri()).as(good).contains(good);
        }
        for (final String bad : new String[]{"127.0.0.1:6379", "http://redis.example.com", "redis://",
                "redis://host:99999", "redis://host/db", "redis://host?timeout=1"}) {
            assertThatThrownBy(() -> ServerConfig.builder().redisUri(bad).build()).as(bad)
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("Invalid configuration: redis.uri must be empty (embedded Redis) or a Redis URI");
        }
    }

    @Test
    void a_bad_redis_uri_is_refused_without_showing_its_password() {
        assertThatThrownBy(() -> ServerConfig.builder().redisUri("redis://admin:hunter22@").build())
                .hasMessageStartingWith("Invalid configuration: redis.uri must be empty")
                .hasMessageNotContaining("hunter22");
    }

    @Test
    void the_embedded_redis_needs_a_port_of_its_own() {
        assertThatThrownBy(() -> ServerConfig.builder().redisEmbeddedPort(27117).build())
                .hasMessage("Invalid configuration: redis.embedded-port must differ from mongo.embedded-port, got '27117'");
        assertThatThrownBy(() -> ServerConfig.builder().mqttPort(6479).build())
                .hasMessage("Invalid configuration: redis.embedded-port must differ from mqtt.port and websocket.port, got '6479'");
        // not in use: an external MongoDB, an external Redis, or free ports
        assertThat(ServerConfig.builder().redisEmbeddedPort(27117).mongoUri("mongodb://db1/").build().redisEmbeddedPort())
                .isEqualTo(27117);
        assertThat(ServerConfig.builder().mqttPort(6479).redisUri("redis://cache:6379").build().mqttPort()).isEqualTo(6479);
        assertThat(ServerConfig.builder().redisEmbeddedPort(0).mongoEmbeddedPort(0).build().redisEmbeddedPort()).isZero();
    }

    @Test
    void a_packet_limit_below_the_payload_limit_is_refused() {
        assertThatThrownBy(() -> ServerConfig.builder()
                .set("limits.max-payload-bytes", "65536").set("mqtt.max-packet-bytes", "65536").build())
                .hasMessageStartingWith("Invalid configuration: mqtt.max-packet-bytes must be at least "
                        + "limits.max-payload-bytes + 1024");
    }

    @Test
    void http_is_off_when_its_port_is_empty_and_needs_a_port_of_its_own() {
        assertThat(ServerConfig.builder().httpOff().build().httpPort()).isEmpty();
        assertThat(ServerConfig.load(null, Map.of("MISSIVE_HTTP_PORT", "")).httpPort()).isEmpty();
        assertThat(ServerConfig.builder().httpPort(0).mqttPort(0).build().httpPort()).hasValue(0);
        assertThatThrownBy(() -> ServerConfig.builder().httpPort(1883).build())
                .hasMessage("Invalid configuration: http.port must differ from mqtt.port, websocket.port and the "
                        + "embedded stores' ports, got '1883'");
        assertThatThrownBy(() -> ServerConfig.builder().httpPort(6479).build())
                .hasMessageStartingWith("Invalid configuration: http.port must differ");
        assertThatThrownBy(() -> ServerConfig.builder().set("http.port", "http").build())
                .hasMessage("Invalid configuration: http.port must be an integer 0..65535, got 'http'");
        assertThat(ServerConfig.builder().httpPort(6479).redisUri("redis://cache:6379").build().httpPort())
                .hasValue(6479);
    }

    @Test
    void a_tls_listener_needs_a_certificate_and_tls_required_needs_a_tls_listener() {
        assertThatThrownBy(() -> ServerConfig.builder().set("mqtt.tls-port", "8883").build())
                .hasMessage("Invalid configuration: mqtt.tls-port needs a certificate: tls.cert-file and tls.key-file, "
                        + "or tls.self-signed=true, got '8883'");
        assertThatThrownBy(() -> ServerConfig.builder().set("mqtt.tls-port", "8883").set("tls.cert-file", "cert.pem")
                .build())
                .hasMessageStartingWith("Invalid configuration: tls.key-file must be set together with tls.cert-file");
        assertThatThrownBy(() -> ServerConfig.builder().set("mqtt.tls-port", "8883").set("tls.cert-file", "c.pem")
                .set("tls.key-file", "k.pem").set("tls.self-signed", "true").build())
                .hasMessageStartingWith("Invalid configuration: tls.self-signed cannot be true while tls.cert-file is set");
        assertThatThrownBy(() -> ServerConfig.builder().set("tls.required", "true").build())
                .hasMessageStartingWith("Invalid configuration: tls.required needs mqtt.tls-port or websocket.tls-port");
        assertThatThrownBy(() -> ServerConfig.builder().set("websocket.tls-port", "1883").set("tls.self-signed", "true")
                .build())
                .hasMessageStartingWith("Invalid configuration: websocket.tls-port must differ from the other listeners' ports");
    }

    @Test
    void tls_required_keeps_the_plain_listeners_on_the_loopback_interface() {
        final ServerConfig open = ServerConfig.builder().mqttBindAddress("0.0.0.0").set("mqtt.tls-port", "8883")
                .set("tls.self-signed", "true").build();
        assertThat(open.plainBindAddress()).isEqualTo("0.0.0.0");
        assertThat(open.mqttTlsPort()).hasValue(8883);

        final ServerConfig required = open.toBuilder().set("tls.required", "true").build();
        assertThat(required.plainBindAddress()).isEqualTo("127.0.0.1");
        assertThat(required.mqttBindAddress()).as("the TLS listeners").isEqualTo("0.0.0.0");
    }

    @Test
    void websocket_and_mqtt_cannot_share_a_port() {
        assertThatThrownBy(() -> ServerConfig.builder().mqttPort(1883).websocketPort(1883).build())
                .hasMessage("Invalid configuration: websocket.port must differ from mqtt.port, got '1883'");
    }

    @Test
    void extension_settings_are_the_pass_through_keys() {
        final ServerConfig config = ServerConfig.builder().set("auth.self-registration", "true").build();

        assertThat(config.extensionSettings()).containsOnlyKeys("mongo.uri", "mongo.database", "redis.uri",
                "limits.max-payload-bytes", "limits.messages-per-second", "limits.messages-burst",
                "limits.requests-per-second", "limits.requests-burst", "limits.lookups-per-minute",
                "limits.lookups-burst", "limits.connects-per-second", "limits.connects-burst", "limits.connects-exempt",
                "links.deny-file", "links.checker-url", "links.checker-timeout-ms", "links.checker-fail",
                "auth.self-registration", "auth.max-failed-attempts",
                "auth.lockout-max-seconds", "history.max-limit", "sync.retention-days", "sync.max-events-per-user",
                "sync.retransmit-after-ms", "sync.max-retransmits", "groups.max-members",
                "groups.read-receipts-max-members", "counters.flush-ms", "presence.debounce-ms",
                "push.apns.key-file", "push.apns.key-id", "push.apns.team-id", "push.apns.server",
                "push.apns.trusted-cert", "push.preview", "push.flush-ms", "push.max-in-flight", "push.max-queued",
                "push.max-attempts", "push.retry-base-ms", "health.check-interval-ms", "cluster.node-id",
                "cluster.heartbeat-ms");
        assertThat(config.extensionSettings()).containsEntry("auth.self-registration", "true");
    }

    @Test
    void the_example_file_documents_every_key_with_its_default() throws IOException {
        final Path example = Path.of("..", "missive.properties.example");
        final Properties documented = new Properties();
        documented.load(new StringReader(Files.readString(example, StandardCharsets.UTF_8)));

        for (final Setting key : Setting.values()) {
            assertThat(documented.getProperty(key.key())).as(key.key()).isEqualTo(key.defaultValue());
        }
        assertThat(documented.stringPropertyNames()).hasSize(Setting.values().length);
        assertThat(ServerConfig.load(example, Map.of()).asMap()).isEqualTo(ServerConfig.defaults().asMap());
    }

    @Test
    void every_bad_key_is_reported_at_once_with_its_value_and_range() throws IOException {
        final Path file = write("mqtt.port=abc\nhistory.max-limit=0\nmqtt.prot=1\n");

        assertThatThrownBy(() -> ServerConfig.load(file, Map.of("MISSIVE_PUSH_PREVIEW", "all")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid configuration: 4 problems")
                .hasMessageContaining("mqtt.port must be an integer 0..65535, got 'abc' (in " + file + ")")
                .hasMessageContaining("history.max-limit must be an integer 1..1000, got '0' (in " + file + ")")
                .hasMessageContaining("unknown key 'mqtt.prot'")
                .hasMessageContaining("push.preview must be full, sender or none, got 'all' "
                        + "(from environment variable MISSIVE_PUSH_PREVIEW)")
                .satisfies(e -> {
                    assertThat(((InvalidConfigurationException) e).problems()).hasSize(4);
                    assertThat(((InvalidConfigurationException) e).key()).isEmpty();
                });
    }

    @Test
    void an_empty_environment_variable_is_a_value_checked_like_any_other() {
        assertThat(ServerConfig.load(null, Map.of("MISSIVE_REDIS_URI", "")).redisUri()).isEmpty();
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("MISSIVE_COUNTERS_FLUSH_MS", "")))
                .hasMessage("Invalid configuration: counters.flush-ms must be an integer 1..60000, got '' "
                        + "(from environment variable MISSIVE_COUNTERS_FLUSH_MS)");
    }

    @Test
    void the_apns_server_may_be_an_ipv6_address_in_brackets() {
        assertThat(ServerConfig.builder().set("push.apns.server", "[::1]:2197").build().get(Setting.PUSH_APNS_SERVER))
                .isEqualTo("[::1]:2197");
        for (final String bad : new String[]{"::1:2197", "[::1]", "host:0", "host:70000", "host"}) {
            assertThatThrownBy(() -> ServerConfig.builder().set("push.apns.server", bad).build()).as(bad)
                    .hasMessageStartingWith("Invalid configuration: push.apns.server must be host:port");
        }
        assertThat(ServerConfig.builder().set("push.preview", "SENDER").build().get(Setting.PUSH_PREVIEW))
                .isEqualTo("SENDER");
    }

    private Path write(final String text) throws IOException {
        final Path file = dir.resolve("missive.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
