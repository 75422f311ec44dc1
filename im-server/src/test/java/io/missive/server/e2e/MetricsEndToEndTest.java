package io.missive.server.e2e;

import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncAck;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.OutgoingMessage;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import static io.missive.server.Monitoring.get;
import static io.missive.server.Monitoring.sample;
import static io.missive.server.Monitoring.scrape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The extension's metrics as a Prometheus server scrapes them from {@code GET /metrics}, moved by
 * what devices do through the real SDK and the raw protocol.
 */
@Tag("redis")
@EndToEnd
class MetricsEndToEndTest {

    private static final String RECEIVED = "io_missive_messages_received_total";
    private static final String STORED = "io_missive_messages_stored_total";
    private static final String REFUSED = "io_missive_messages_refused_total";
    private static final String DELIVERIES = "io_missive_deliveries_published_total";
    private static final String SYNC_PAGES = "io_missive_sync_pages_total";
    private static final String SYNC_ACKS = "io_missive_sync_acks_total";

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c.set("counters.flush-ms", "50"));

    private final Devices devices = new Devices(SERVER);

    @AfterEach
    void close() {
        devices.close();
    }

    private static void awaitSample(final String name, final double expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(sample(SERVER, name)).as(name)
                .isEqualTo(expected));
    }

    @Test
    void metrics_are_served_in_the_prometheus_text_format_with_hivemqs_own_and_the_extensions() {
        final HttpResponse<String> response = get(SERVER, "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains(
                "# TYPE " + RECEIVED + " counter\n",
                "# TYPE io_missive_mongo_command_latency summary\n",
                "# TYPE io_missive_mongo_commands gauge\n",
                "# TYPE io_missive_health_mongo gauge\n",
                "# TYPE io_missive_push_sent gauge\n");
        // the broker's own metrics come along, e.g. its connection count
        assertThat(scrape(SERVER)).containsKey("com_hivemq_networking_connections_current");
    }

    @Test
    void messages_sent_with_the_sdk_are_counted_as_received_stored_and_published_to_both_users() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final List<ChatMessage> bobPhone = Devices.inbox();
        final MissiveClient a = devices.connect(alice, alice + "-phone", Devices.inbox());
        devices.connect(bob, bob + "-phone", bobPhone);
        final Map<String, Double> before = scrape(SERVER);

        IntStream.range(0, 5).forEach(i -> a.sendText(bob, "hello " + i).join());

        await().atMost(Duration.ofSeconds(10)).until(() -> bobPhone.size() == 5);
        awaitSample(RECEIVED, before.get(RECEIVED) + 5);
        awaitSample(STORED, before.get(STORED) + 5);
        // each direct message enters two sync streams (bob's, and alice's for her other devices)
        awaitSample(DELIVERIES, before.get(DELIVERIES) + 10);
        assertThat(sample(SERVER, REFUSED)).isEqualTo(before.get(REFUSED));
    }

    @Test
    void a_group_message_is_published_live_once_to_each_member_online() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final String carol = SERVER.createUser("carol");
        final List<ChatMessage> bobPhone = Devices.inbox();
        final List<ChatMessage> carolPhone = Devices.inbox();
        final MissiveClient a = devices.connect(alice, alice + "-phone", Devices.inbox());
        devices.connect(bob, bob + "-phone", bobPhone);
        devices.connect(carol, carol + "-phone", carolPhone);
        final String group = a.createGroup("Metrics", List.of(bob, carol), false).join().conversationId();
        await().atMost(Duration.ofSeconds(10)).until(() -> bobPhone.size() == 1 && carolPhone.size() == 1);
        final Map<String, Double> before = scrape(SERVER);

        IntStream.range(0, 3).forEach(i -> a.send(OutgoingMessage.toConversation(group).text("hi all " + i).build())
                .join());

        await().atMost(Duration.ofSeconds(10)).until(() -> bobPhone.size() == 4 && carolPhone.size() == 4);
        awaitSample(RECEIVED, before.get(RECEIVED) + 3);
        awaitSample(STORED, before.get(STORED) + 3);
        // stored once, published live to alice, bob and carol
        awaitSample(DELIVERIES, before.get(DELIVERIES) + 9);
    }

    @Test
    void a_resend_is_received_but_not_stored_again_and_a_refused_send_is_counted_as_refused() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final MissiveClient a = devices.connect(alice, alice + "-phone", Devices.inbox());
        final OutgoingMessage message = OutgoingMessage.toUser(bob).text("once").build();
        a.send(message).join();
        final Map<String, Double> before = scrape(SERVER);

        assertThat(a.send(message).join().duplicate()).isTrue();
        assertThatThrownBy(() -> a.sendText(SERVER.uniqueUserId("nobody"), "anyone there?").join())
                .isInstanceOf(CompletionException.class);

        awaitSample(REFUSED, before.get(REFUSED) + 1);
        awaitSample(RECEIVED, before.get(RECEIVED) + 1);
        assertThat(sample(SERVER, STORED)).isEqualTo(before.get(STORED));
    }

    @Test
    void sync_pages_and_acknowledgements_are_counted_one_by_one() throws Exception {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        try (RawDevice a = RawDevice.connect(SERVER.mqttUri(), alice, alice + "-raw", SERVER.password(alice));
             RawDevice b = RawDevice.connect(SERVER.mqttUri(), bob, bob + "-raw", SERVER.password(bob))) {
            for (int i = 1; i <= 2; i++) {
                assertThat(a.request(Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("m" + i)
                        .setToUserId(bob).setContent(Content.newBuilder().setText("m" + i))).build().toByteArray()))
                        .isZero();
            }
            final Map<String, Double> before = scrape(SERVER);

            for (int page = 0; page < 3; page++) {
                assertThat(b.request(Uplink.newBuilder().setSync(SyncRequest.newBuilder().setAfterVersion(page)
                        .setLimit(1)).build().toByteArray())).isZero();
                assertThat(b.nextReply().getSync().getEventsCount()).isLessThanOrEqualTo(1);
            }
            assertThat(b.request(ack(1))).isZero();
            assertThat(b.request(ack(2))).isZero();
            // beyond bob's stream: refused, so not counted
            assertThat(b.request(ack(99))).isNotZero();

            awaitSample(SYNC_PAGES, before.get(SYNC_PAGES) + 3);
            awaitSample(SYNC_ACKS, before.get(SYNC_ACKS) + 2);
        }
    }

    private static byte[] ack(final long version) {
        return Uplink.newBuilder().setSyncAck(SyncAck.newBuilder().setVersion(version)).build().toByteArray();
    }

    @Test
    void every_store_command_is_timed() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final MissiveClient a = devices.connect(alice, alice + "-phone", Devices.inbox());
        devices.connect(bob, bob + "-phone", Devices.inbox());
        final double redisBefore = sample(SERVER, "io_missive_redis_command_latency_count");

        a.sendText(bob, "time me").join();

        // the unread counters of the message are written to Redis within counters.flush-ms
        await().atMost(Duration.ofSeconds(10)).until(
                () -> sample(SERVER, "io_missive_redis_command_latency_count") > redisBefore);
        // once nothing is in flight, as many commands were timed as were sent (the counts the benchmarks read)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final Map<String, Double> now = scrape(SERVER);
            assertThat(now.get("io_missive_mongo_command_latency_count")).isEqualTo(now.get("io_missive_mongo_commands"));
            assertThat(now.get("io_missive_redis_command_latency_count")).isEqualTo(now.get("io_missive_redis_commands"));
        });
        final Map<String, Double> now = scrape(SERVER);
        assertThat(now.get("io_missive_mongo_command_latency{quantile=\"0.99\"}")).isPositive().isLessThan(60.0);
        assertThat(now.get("io_missive_redis_command_latency{quantile=\"0.5\"}")).isPositive().isLessThan(60.0);
    }
}
