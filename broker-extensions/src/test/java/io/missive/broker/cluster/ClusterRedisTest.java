package io.missive.broker.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The liveness script, the registry script and the relay channel against a real redis-server: the
 * one given by {@code missive.test.redis-uri}, else one started from the embedded-redis binary.
 */
@Tag("redis")
class ClusterRedisTest {

    private static RedisServer server;
    private static ClusterRedis redis;

    @BeforeAll
    static void start() throws IOException {
        String uri = System.getProperty("missive.test.redis-uri", "");
        if (uri.isEmpty()) {
            final int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"")
                    .setting("appendonly no").build();
            server.start();
            uri = "redis://127.0.0.1:" + port;
        }
        redis = ClusterRedis.connect(uri);
    }

    @AfterAll
    static void stop() throws IOException {
        redis.close();
        if (server != null) {
            server.stop();
        }
    }

    private static String unique(final String name) {
        return name + "-" + System.nanoTime();
    }

    @Test
    void a_heartbeat_announces_the_node_and_returns_every_node_on_redis_time() throws Exception {
        final String first = NodeView.incarnation(unique("hb1"), System.currentTimeMillis());
        final String second = NodeView.incarnation(unique("hb2"), System.currentTimeMillis());

        final ClusterRedis.Heartbeat a = redis.heartbeat(first, 2_000).get(5, TimeUnit.SECONDS);
        assertThat(a.wasAlive).as("first heartbeat").isFalse();
        assertThat(a.expiries.get(first)).isEqualTo(a.redisTimeMs + 2_000);
        assertThat(a.redisTimeMs).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));

        final ClusterRedis.Heartbeat b = redis.heartbeat(second, 2_000).get(5, TimeUnit.SECONDS);
        assertThat(b.expiries).containsKeys(first, second);
        assertThat(redis.heartbeat(first, 2_000).get(5, TimeUnit.SECONDS).wasAlive).isTrue();

        final NodeView view = new NodeView(first, b.expiries, b.redisTimeMs, System::nanoTime);
        assertThat(view.peers()).contains(second);
        assertThat(view.alive(second)).isTrue();

        redis.leave(second).get(5, TimeUnit.SECONDS);
        assertThat(redis.heartbeat(first, 2_000).get(5, TimeUnit.SECONDS).expiries).doesNotContainKey(second);
    }

    @Test
    void the_registry_counts_devices_per_node_in_any_order() throws Exception {
        final String user = unique("user");
        final String here = NodeView.incarnation("here", 1);
        final String there = NodeView.incarnation("there", 1);
        assertThat(ClusterRedis.userKey(user)).isEqualTo("missive:{u:" + user + "}:nodes");

        assertThat(redis.count(user, here, 1).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(redis.count(user, here, 1).get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(redis.count(user, there, 1).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        // a disconnect that overtakes its connect: -1 then +1 leaves nothing behind
        final String other = NodeView.incarnation("other", 1);
        assertThat(redis.count(user, other, -1).get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(redis.count(user, other, 1).get(5, TimeUnit.SECONDS)).isZero();

        final String nobody = unique("nobody");
        final List<Map<String, String>> holders = redis.holders(List.of(user, nobody)).get(5, TimeUnit.SECONDS);
        assertThat(holders).containsExactly(Map.of(here, "2", there, "1"), Map.of());

        redis.count(user, here, -1).get(5, TimeUnit.SECONDS);
        redis.count(user, here, -1).get(5, TimeUnit.SECONDS);
        redis.forget(user, List.of(there)).get(5, TimeUnit.SECONDS);
        assertThat(redis.holders(List.of(user)).get(5, TimeUnit.SECONDS)).containsExactly(Map.of());

        redis.set(user, here, 3).get(5, TimeUnit.SECONDS);
        assertThat(redis.holders(List.of(user)).get(5, TimeUnit.SECONDS)).containsExactly(Map.of(here, "3"));
    }

    @Test
    void relay_batches_arrive_on_the_node_channel_in_order() throws Exception {
        final String node = unique("relay");
        final List<String> received = new CopyOnWriteArrayList<>();
        redis.subscribe(node, bytes -> RelayBatch.decode(bytes).items()
                .forEach(i -> received.add(new String(i.payload(), StandardCharsets.UTF_8))))
                .get(5, TimeUnit.SECONDS);
        assertThat(ClusterRedis.channel(node)).isEqualTo("missive:node:{" + node + "}");

        for (int i = 0; i < 200; i++) {
            final RelayBatch batch = new RelayBatch("sender", List.of(
                    new RelayBatch.Item("im/u/x", ("m" + (2 * i)).getBytes(StandardCharsets.UTF_8)),
                    new RelayBatch.Item("im/u/x", ("m" + (2 * i + 1)).getBytes(StandardCharsets.UTF_8))));
            assertThat(redis.publish(node, batch.encode()).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 400);
        for (int i = 0; i < 400; i++) {
            assertThat(received.get(i)).isEqualTo("m" + i);
        }
        assertThat(redis.publish(unique("nobody"), new byte[]{1}).get(5, TimeUnit.SECONDS)).isZero();
    }
}
