package io.missive.server;

import io.missive.server.broker.ExtensionInstaller;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.config.Config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis the server runs (or is given) and hands to the extension. Stopping and restarting it: {@code EmbeddedRedisTest}. */
@Tag(TestRedis.TAG)
@EndToEnd
@SharesServer
class RedisServerTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.shared();

    @Test
    void the_extension_is_given_the_redis_in_use() throws IOException {
        final Properties written = new Properties();
        try (Reader reader = Files.newBufferedReader(SERVER.server().dataDir()
                .resolve("hivemq/extensions/missive-extension").resolve(ExtensionInstaller.CONF_FILE), StandardCharsets.UTF_8)) {
            written.load(reader);
        }

        assertThat(written.getProperty("redis.uri")).isEqualTo(SERVER.redisUri());
        if (TestRedis.externalUri().isPresent()) {
            assertThat(SERVER.embeddedRedis()).isFalse();
            assertThat(SERVER.redisUri()).isEqualTo(TestRedis.externalUri().get());
        } else {
            assertThat(SERVER.embeddedRedis()).isTrue();
            assertThat(SERVER.redisUri()).matches("redis://127\\.0\\.0\\.1:\\d+");
        }
    }

    @Test
    void a_redisson_client_reaches_it_on_its_uri() {
        final RedissonClient redisson = redisson(SERVER.redisUri());
        try {
            final RMap<String, Long> counters = redisson.getMap("test:unread:" + SERVER.uniqueUserId("alice"), LongCodec.INSTANCE);
            assertThat(counters.addAndGet("dm:alice:bob", 2L)).isEqualTo(2L);
            assertThat(counters.addAndGet("dm:alice:bob", 1L)).isEqualTo(3L);
            assertThat(counters.get("dm:alice:bob")).isEqualTo(3L);
        } finally {
            redisson.shutdown();
        }
        assertThat(TestRedis.answers(SERVER.redisUri())).isTrue();
    }

    @Test
    void the_embedded_redis_listens_on_loopback_only_and_persists_nothing() {
        TestRedis.assumeEmbedded();
        final String uri = SERVER.redisUri();

        assertThat(TestRedis.array(uri, "CONFIG", "GET", "bind")).containsExactly("bind", "127.0.0.1");
        assertThat(TestRedis.array(uri, "CONFIG", "GET", "save")).containsExactly("save", "");
        assertThat(TestRedis.array(uri, "CONFIG", "GET", "appendonly")).containsExactly("appendonly", "no");
    }

    private static RedissonClient redisson(final String uri) {
        final Config config = new Config();
        config.useSingleServer().setAddress(uri).setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
                .setSubscriptionConnectionMinimumIdleSize(0).setRetryAttempts(1);
        return Redisson.create(config);
    }
}
