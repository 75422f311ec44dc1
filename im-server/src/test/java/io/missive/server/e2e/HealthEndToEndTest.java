package io.missive.server.e2e;

import io.missive.server.EndToEnd;
import io.missive.server.MockApns;
import io.missive.server.TestRedis;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;

import static io.missive.server.Monitoring.get;
import static io.missive.server.Monitoring.request;
import static io.missive.server.Monitoring.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /health} of a real server with push on (through Pushy's mock APNs): up while MongoDB,
 * Redis and APNs answer; 503 naming the part while one does not, and up again once it is back.
 */
@Tag("redis")
@EndToEnd
class HealthEndToEndTest {

    private static final String ALL_UP = "{\"status\":\"up\",\"mongo\":\"up\",\"redis\":\"up\",\"apns\":\"up\"}";
    private static final MockApns APNS = MockApns.start();
    private boolean apnsStopped;

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(APNS.configure().andThen(c -> c
            .set("health.check-interval-ms", "200"))).withStoppableRedis();

    @AfterAll
    static void stopApns() {
        APNS.close();
    }

    @AfterEach
    void everythingBack() {
        if (SERVER.redisStoppable() && !TestRedis.answers(SERVER.redisUri())) {
            SERVER.startRedis();
        }
        if (apnsStopped) {
            APNS.restart();
        }
        awaitHealth(200, ALL_UP);
    }

    private static void awaitHealth(final int status, final String json) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            final HttpResponse<String> response = get(SERVER, "/health");
            assertThat(response.body()).isEqualTo(json + "\n");
            assertThat(response.statusCode()).isEqualTo(status);
        });
    }

    @Test
    void up_while_mongodb_redis_and_apns_answer() {
        awaitHealth(200, ALL_UP);
        assertThat(get(SERVER, "/health").headers().firstValue("Content-Type"))
                .hasValue("application/json; charset=utf-8");
        assertThat(sample(SERVER, "io_missive_health_mongo")).isEqualTo(1);
        assertThat(sample(SERVER, "io_missive_health_redis")).isEqualTo(1);
        assertThat(sample(SERVER, "io_missive_health_apns")).isEqualTo(1);
    }

    @Test
    void down_naming_redis_while_redis_is_stopped_and_up_again_once_it_is_back() {
        TestRedis.assumeEmbedded();
        awaitHealth(200, ALL_UP);

        SERVER.stopRedis();

        awaitHealth(503, "{\"status\":\"down\",\"mongo\":\"up\",\"redis\":\"down\",\"apns\":\"up\"}");
        assertThat(sample(SERVER, "io_missive_health_redis")).isZero();

        SERVER.startRedis();

        awaitHealth(200, ALL_UP);
    }

    @Test
    void down_naming_apns_while_the_apns_server_refuses_connections() {
        awaitHealth(200, ALL_UP);

        APNS.stop();
        apnsStopped = true;

        awaitHealth(503, "{\"status\":\"down\",\"mongo\":\"up\",\"redis\":\"up\",\"apns\":\"down\"}");
        assertThat(sample(SERVER, "io_missive_health_apns")).isZero();

        APNS.restart();
        apnsStopped = false;

        awaitHealth(200, ALL_UP);
    }

    @Test
    void only_get_and_head_of_the_two_endpoints_are_served() {
        assertThat(get(SERVER, "/").statusCode()).isEqualTo(404);
        assertThat(get(SERVER, "/metrics/extra").statusCode()).isEqualTo(404);
        final HttpResponse<String> post = request(SERVER, "POST", "/health");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        final HttpResponse<String> head = request(SERVER, "HEAD", "/metrics");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }
}
