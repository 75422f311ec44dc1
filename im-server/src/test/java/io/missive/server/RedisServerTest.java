package io.missive.server;

import io.missive.server.broker.ExtensionInstaller;
import org.junit.jupiter.api.AfterEach;
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
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Redis the server runs (or is given) and hands to the extension; stopping and restarting it in tests. */
@Tag(TestRedis.TAG)
@EndToEnd
class RedisServerTest {

    // a server of its own (not TestServer.shared()): the tests stop and start its Redis
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();

    @AfterEach
    void redis_runs_again() {
        if (SERVER.embeddedRedis() && !TestRedis.answers(SERVER.redisUri())) {
            SERVER.startRedis();
        }
    }

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

    @Test
    void stopped_and_started_it_comes_back_empty_on_the_same_uri() {
        TestRedis.assumeEmbedded();
        final String uri = SERVER.redisUri();
        TestRedis.command(uri, "SET", "test:survives", "no");
        final RedissonClient redisson = redisson(uri);
        try {
            redisson.getAtomicLong("test:counter").incrementAndGet();

            SERVER.stopRedis();
            assertThat(TestRedis.answers(uri)).isFalse();

            SERVER.startRedis();
            assertThat(SERVER.redisUri()).isEqualTo(uri);
            assertThat(TestRedis.answers(uri)).isTrue();
            assertThat(TestRedis.command(uri, "GET", "test:survives")).isNull();
            assertThat(TestRedis.command(uri, "DBSIZE")).isEqualTo("0");
            // a client connected before the outage (as the extension's is) works again once Redis is back
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(redisson.getAtomicLong("test:counter").incrementAndGet()).isEqualTo(1L));
        } finally {
            redisson.shutdown();
        }
    }

    private static RedissonClient redisson(final String uri) {
        final Config config = new Config();
        config.useSingleServer().setAddress(uri).setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
                .setSubscriptionConnectionMinimumIdleSize(0).setRetryAttempts(1);
        return Redisson.create(config);
    }
}
