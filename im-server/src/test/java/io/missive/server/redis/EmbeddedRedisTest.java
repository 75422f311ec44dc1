package io.missive.server.redis;

import io.missive.server.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Tag(TestRedis.TAG)
class EmbeddedRedisTest {

    @TempDir
    Path dir;

    @Test
    void starts_quickly_and_stops() {
        final long begin = System.nanoTime();
        final String uri;
        try (EmbeddedRedis redis = EmbeddedRedis.start(dir, 0)) {
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
            uri = redis.uri();
            assertThat(uri).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(TestRedis.answers(uri)).isTrue();
            assertThat(dir.resolve(EmbeddedRedis.LOG_FILE)).exists();
        }
        assertThat(TestRedis.answers(uri)).isFalse();
        assertThat(dir.resolve(EmbeddedRedis.PID_FILE)).doesNotExist();
    }

    @Test
    void a_restart_is_empty_even_after_a_client_asked_for_a_snapshot() {
        try (EmbeddedRedis redis = EmbeddedRedis.start(dir, 0)) {
            TestRedis.command(redis.uri(), "SET", "k", "v");
            TestRedis.command(redis.uri(), "SAVE");
            final int port = redis.port();

            redis.restart();

            assertThat(redis.port()).isEqualTo(port);
            assertThat(TestRedis.command(redis.uri(), "GET", "k")).isNull();
            assertThat(TestRedis.command(redis.uri(), "DBSIZE")).isEqualTo("0");
        }
    }

    @Test
    void a_client_connected_before_a_stop_works_again_once_it_is_restarted() {
        try (EmbeddedRedis redis = EmbeddedRedis.start(dir, 0)) {
            final Config config = new Config();
            config.useSingleServer().setAddress(redis.uri()).setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
                    .setSubscriptionConnectionMinimumIdleSize(0).setRetryAttempts(1);
            final RedissonClient redisson = Redisson.create(config);
            try {
                redisson.getAtomicLong("test:counter").incrementAndGet();

                redis.stop();
                assertThat(redis.isRunning()).isFalse();
                assertThat(TestRedis.answers(redis.uri())).isFalse();

                redis.restart();
                // as the extension's client does: it reconnects to the same URI and finds Redis empty
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                        assertThat(redisson.getAtomicLong("test:counter").incrementAndGet()).isEqualTo(1L));
            } finally {
                redisson.shutdown();
            }
        }
    }

    @Test
    void a_redis_left_running_by_a_killed_owner_is_stopped_at_the_next_start() throws IOException {
        final EmbeddedRedis orphan = EmbeddedRedis.start(dir, 0);
        final long orphanPid = Long.parseLong(Files.readString(dir.resolve(EmbeddedRedis.PID_FILE)).trim());
        TestRedis.command(orphan.uri(), "SET", "stale", "1");

        // a new owner of the directory, on the same port (as after a restart with a fixed redis.embedded-port)
        try (EmbeddedRedis next = EmbeddedRedis.start(dir, orphan.port())) {
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(TestRedis.command(next.uri(), "GET", "stale")).isNull();
        } finally {
            orphan.close();
        }
    }

    @Test
    void a_port_in_use_is_refused_with_the_key_to_change() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(EmbeddedRedis.HOST), 0));

            assertThatThrownBy(() -> EmbeddedRedis.start(dir, taken.getLocalPort()))
                    .isInstanceOf(EmbeddedRedis.EmbeddedRedisException.class)
                    .hasMessageContaining("redis.embedded-port");
        }
        assertThat(dir.resolve(EmbeddedRedis.PID_FILE)).doesNotExist();
    }
}
