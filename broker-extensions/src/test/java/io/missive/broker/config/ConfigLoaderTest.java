package io.missive.broker.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path home;

    private void write(final String content) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve(ConfigLoader.FILE), content);
    }

    @Test
    void reads_the_file_and_applies_defaults() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\nhistory.max-limit=20\n");
        final ExtensionConfig config = new ConfigLoader(Map.of()).load(home);
        assertThat(config.mongoUri()).isEqualTo("mongodb://127.0.0.1:1234");
        assertThat(config.mongoDatabase()).isEqualTo("missive");
        assertThat(config.historyMaxLimit()).isEqualTo(20);
        assertThat(config.maxPayloadBytes()).isEqualTo(65_536);
        assertThat(config.selfRegistration()).isFalse();
    }

    @Test
    void environment_overrides_the_file() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\nlimits.max-payload-bytes=1000\n");
        final ExtensionConfig config = new ConfigLoader(Map.of(
                "MISSIVE_LIMITS_MAX_PAYLOAD_BYTES", "2048", "MISSIVE_AUTH_SELF_REGISTRATION", "true")).load(home);
        assertThat(config.maxPayloadBytes()).isEqualTo(2048);
        assertThat(config.selfRegistration()).isTrue();
    }

    @Test
    void an_empty_environment_variable_is_a_value_checked_like_any_other() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\nredis.uri=redis://127.0.0.1:6379\n");
        // empty is allowed for redis.uri (no counters) ...
        assertThat(new ConfigLoader(Map.of("MISSIVE_REDIS_URI", "")).load(home).redisUri()).isEmpty();
        // ... and refused where a value is needed, naming the variable (the same rule as missive-server)
        assertThatThrownBy(() -> new ConfigLoader(Map.of("MISSIVE_COUNTERS_FLUSH_MS", "")).load(home))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: counters.flush-ms must be an integer 1..60000, got '' "
                        + "(from environment variable MISSIVE_COUNTERS_FLUSH_MS)");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("MISSIVE_MONGO_URI", " ")).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("mongo.uri is required");
    }

    @Test
    void embedded_in_missive_server_the_file_alone_is_read() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\n");
        System.setProperty(io.missive.config.EmbeddedExtension.PROPERTY, "true");
        try {
            assertThat(new ConfigLoader(Map.of("MISSIVE_MONGO_URI", "")).load(home).mongoUri())
                    .isEqualTo("mongodb://127.0.0.1:1234");
        } finally {
            System.clearProperty(io.missive.config.EmbeddedExtension.PROPERTY);
        }
    }

    @Test
    void every_bad_key_is_reported_at_once() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\nhistory.max-limit=0\ncounters.flush-ms=\nmqtt.port=1883\n"
                + "histroy.max-limit=5\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("MISSIVE_PUSH_PREVIEW", "all")).load(home))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Invalid configuration: 5 problems")
                .hasMessageContaining("history.max-limit must be an integer 1..1000, got '0' (in conf/missive.properties)")
                .hasMessageContaining("counters.flush-ms must be an integer 1..60000, got '' (in conf/missive.properties)")
                .hasMessageContaining("key 'mqtt.port' in conf/missive.properties is read by missive-server only")
                .hasMessageContaining("unknown key 'histroy.max-limit'")
                .hasMessageContaining("push.preview must be full, sender or none, got 'all' "
                        + "(from environment variable MISSIVE_PUSH_PREVIEW)")
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(5));
    }

    @Test
    void a_bad_value_names_its_key() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\nlimits.max-payload-bytes=-1\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("limits.max-payload-bytes");
        write("mongo.uri=mongodb://127.0.0.1:1234\nauth.self-registration=yes\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("auth.self-registration");
        write("mongo.uri=http://nope\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("mongo.uri");
    }

    @Test
    void health_checks_run_every_five_seconds_unless_configured() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\n");
        assertThat(new ConfigLoader(Map.of()).load(home).healthCheckIntervalMs()).isEqualTo(5_000);
        assertThat(new ConfigLoader(Map.of("MISSIVE_HEALTH_CHECK_INTERVAL_MS", "250")).load(home)
                .healthCheckIntervalMs()).isEqualTo(250);
        write("mongo.uri=mongodb://127.0.0.1:1234\nhealth.check-interval-ms=10\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("health.check-interval-ms");
    }

    @Test
    void mongo_uri_is_required() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("mongo.uri is required");
    }

    @Test
    void push_is_off_without_a_key_and_other_push_keys_alone_are_refused() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\n");
        assertThat(new ConfigLoader(Map.of()).load(home).push().enabled()).isFalse();
        write("mongo.uri=mongodb://127.0.0.1:1234\npush.apns.key-id=ABCDE12345\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("push.apns.key-file is required");
    }

    @Test
    void a_push_key_that_cannot_be_read_names_its_key() throws Exception {
        Files.writeString(home.resolve("bad.p8"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        for (final String file : new String[]{home.resolve("missing.p8").toString(), home.resolve("bad.p8").toString()}) {
            write("mongo.uri=mongodb://127.0.0.1:1234\npush.apns.key-file=" + file.replace("\\", "/")
                    + "\npush.apns.key-id=ABCDE12345\npush.apns.team-id=TEAM123456\n");
            assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("push.apns.key-file");
        }
    }

    @Test
    void a_push_key_with_ids_turns_push_on() throws Exception {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        final byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        Files.writeString(home.resolve("key.p8"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
        write("mongo.uri=mongodb://127.0.0.1:1234\npush.apns.key-file=" + home.resolve("key.p8").toString()
                .replace("\\", "/") + "\npush.apns.key-id=ABCDE12345\npush.apns.team-id=TEAM123456\n"
                + "push.apns.server=127.0.0.1:2197\npush.preview=none\n");
        final PushSettings push = new ConfigLoader(Map.of("MISSIVE_PUSH_MAX_ATTEMPTS", "3")).load(home).push();
        assertThat(push.enabled()).isTrue();
        assertThat(push.signingKey().getKeyId()).isEqualTo("ABCDE12345");
        assertThat(push.signingKey().getTeamId()).isEqualTo("TEAM123456");
        assertThat(push.host()).isEqualTo("127.0.0.1");
        assertThat(push.port()).isEqualTo(2197);
        assertThat(push.preview()).isEqualTo(PushSettings.Preview.NONE);
        assertThat(push.maxAttempts()).isEqualTo(3);

        write("mongo.uri=mongodb://127.0.0.1:1234\npush.apns.key-file=" + home.resolve("key.p8").toString()
                .replace("\\", "/") + "\npush.apns.key-id=ABCDE12345\npush.apns.team-id=TEAM123456\n"
                + "push.apns.server=nohost\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("push.apns.server");
        write("mongo.uri=mongodb://127.0.0.1:1234\npush.apns.key-file=" + home.resolve("key.p8").toString()
                .replace("\\", "/") + "\npush.apns.key-id=ABCDE12345\npush.apns.team-id=TEAM123456\n"
                + "push.apns.server=[::1]:2197\n");
        final PushSettings v6 = new ConfigLoader(Map.of()).load(home).push();
        assertThat(v6.host()).isEqualTo("[::1]");
        assertThat(v6.port()).isEqualTo(2197);
        write("mongo.uri=mongodb://127.0.0.1:1234\npush.apns.key-file=" + home.resolve("key.p8").toString()
                .replace("\\", "/") + "\npush.apns.key-id=ABCDE12345\npush.apns.team-id=TEAM123456\n"
                + "push.apns.server=::1:2197\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("push.apns.server");
    }

    @Test
    void the_link_policy_is_off_unless_configured() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\n");
        final LinkSettings links = new ConfigLoader(Map.of()).load(home).links();
        assertThat(links.denyFile()).isNull();
        assertThat(links.checkerUrl()).isNull();
        assertThat(links.checkerTimeoutMs()).isEqualTo(300);
        assertThat(links.failOpen()).isTrue();
    }

    @Test
    void link_settings_are_read() throws Exception {
        final Path deny = home.resolve("deny.txt");
        Files.writeString(deny, "example.com\n");
        write("mongo.uri=mongodb://127.0.0.1:1234\nlinks.deny-file=" + deny.toString().replace("\\", "/")
                + "\nlinks.checker-url=http://127.0.0.1:9000/check\nlinks.checker-timeout-ms=150\n"
                + "links.checker-fail=Closed\n");
        final LinkSettings links = new ConfigLoader(Map.of()).load(home).links();
        assertThat(links.denyFile()).isEqualTo(deny);
        assertThat(links.checkerUrl()).hasToString("http://127.0.0.1:9000/check");
        assertThat(links.checkerTimeoutMs()).isEqualTo(150);
        assertThat(links.failOpen()).isFalse();
    }

    @Test
    void a_deny_file_that_cannot_be_read_at_start_names_its_key() throws Exception {
        final Path notUtf8 = home.resolve("latin1.txt");
        Files.write(notUtf8, new byte[]{'a', (byte) 0xFC, '.', 'd', 'e', '\n'});
        for (final Path file : new Path[]{home.resolve("missing.txt"), notUtf8, home}) {
            write("mongo.uri=mongodb://127.0.0.1:1234\nlinks.deny-file=" + file.toString().replace("\\", "/") + "\n");
            assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("links.deny-file must be a readable UTF-8 file");
        }
    }

    @Test
    void bad_link_settings_name_their_keys() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\nlinks.checker-url=ftp://example.com/\n"
                + "links.checker-fail=maybe\nlinks.checker-timeout-ms=5\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("links.checker-url must be an http:// or https:// URL")
                .hasMessageContaining("links.checker-fail must be open or closed")
                .hasMessageContaining("links.checker-timeout-ms must be an integer 10..60000");
    }

    @Test
    void with_redis_a_node_id_is_generated_once_and_kept_in_the_extension_folder() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\nredis.uri=redis://127.0.0.1:6379\ncluster.heartbeat-ms=250\n");
        final ExtensionConfig first = new ConfigLoader(Map.of()).load(home);
        assertThat(first.cluster().nodeId()).matches("n-[a-z2-7]{10}");
        assertThat(first.cluster().heartbeatMs()).isEqualTo(250);
        assertThat(Files.readString(home.resolve("node-id")).trim()).isEqualTo(first.cluster().nodeId());
        assertThat(new ConfigLoader(Map.of()).load(home).cluster().nodeId()).isEqualTo(first.cluster().nodeId());
        assertThat(new ConfigLoader(Map.of("MISSIVE_CLUSTER_NODE_ID", "edge-2")).load(home).cluster().nodeId())
                .isEqualTo("edge-2");
    }

    @Test
    void without_redis_there_is_no_node_id_and_no_file() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\n");
        assertThat(new ConfigLoader(Map.of()).load(home).cluster().nodeId()).isEmpty();
        assertThat(home.resolve("node-id")).doesNotExist();
    }

    @Test
    void a_node_id_that_cannot_name_a_redis_key_is_refused() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\nredis.uri=redis://127.0.0.1:6379\ncluster.node-id=a{b}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("cluster.node-id");
        write("mongo.uri=mongodb://127.0.0.1:1234\ncluster.heartbeat-ms=50\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("cluster.heartbeat-ms");
    }
}
