package io.missive.server.e2e;

import io.missive.config.NodeIds;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.process.ServerProcess;
import io.missive.server.users.UserAccounts;
import io.missive.storage.MongoStores;
import io.missive.storage.user.PasswordHasher;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three server processes on one MongoDB-wire store and one Redis (node A's embedded ones): devices on
 * different nodes get each other's messages live, on their user topic, once and in order; a node
 * killed with SIGKILL is dead to the others within two heartbeats; a node alone makes no routing
 * lookups.
 */
@EndToEnd
class ClusterEndToEndTest {

    private static final int HEARTBEAT_MS = 500;
    private static final int SCRAPE_SLACK_MS = 750;
    private static final int BURST = 20;
    private static final String PASSWORD = "cluster-test-password";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private final List<RawDevice> devices = new ArrayList<>();

    @Test
    void devices_on_any_node_get_events_live_and_a_killed_node_is_dead_within_two_heartbeats() throws Exception {
        try (ServerProcess a = node(dir.resolve("a")).start()) {
            assertThat(NodeIds.valid(Files.readString(dir.resolve("a").resolve(NodeIds.FILE)).trim()))
                    .as("a generated node id is kept in the data dir").isTrue();
            try (MongoStores stores = new MongoStores(a.mongoUri(), a.mongoDatabase(), Runnable::run)) {
                final UserAccounts accounts = new UserAccounts(stores, new PasswordHasher(1024, 1, 1), Runnable::run);
                for (final String user : List.of("solo1", "solo2", "alice", "bob", "carol", "dave")) {
                    assertThat(accounts.create(user, PASSWORD, null).join()).isTrue();
                }
            }
            aloneMakesNoLookups(a);

            final ServerProcess.Builder bBuilder = node(dir.resolve("b")).config("cluster.node-id", "node-b")
                    .config("mongo.uri", a.mongoUri()).config("redis.uri", a.redisUri());
            final ServerProcess.Builder cBuilder = node(dir.resolve("c")).config("cluster.node-id", "node-c")
                    .config("mongo.uri", a.mongoUri()).config("redis.uri", a.redisUri());
            final CompletableFuture<ServerProcess> startingB = CompletableFuture.supplyAsync(bBuilder::start);
            final CompletableFuture<ServerProcess> startingC = CompletableFuture.supplyAsync(cBuilder::start);
            try (ServerProcess b = startingB.get(120, TimeUnit.SECONDS);
                 ServerProcess c = startingC.get(120, TimeUnit.SECONDS)) {
                for (final ServerProcess node : List.of(a, b, c)) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> metric(node, "nodes_alive") == 3);
                }
                acrossNodes(a, b, c);
                killedNodeIsDeadWithinTwoHeartbeats(a, b, c);
            }
        } finally {
            devices.forEach(RawDevice::close);
        }
    }

    /** Node A with Redis and no other node: messages flow, and not one registry lookup is made. */
    private void aloneMakesNoLookups(final ServerProcess a) throws Exception {
        final RawDevice solo1 = device(a, "solo1", "solo1-a");
        final RawDevice solo2 = device(a, "solo2", "solo2-a");
        final long seq = send(solo1, "solo2", "s-1", "hello, alone").getSendAck().getSeq();
        awaitMessages(solo2, "solo1", 1);
        assertThat(seq).isEqualTo(1);
        assertThat(metric(a, "nodes_alive")).isEqualTo(1);
        assertThat(metric(a, "registry_lookups")).isZero();
        assertThat(metric(a, "relay_messages")).isZero();
        solo1.close();
        solo2.close();
    }

    private void acrossNodes(final ServerProcess a, final ServerProcess b, final ServerProcess c) throws Exception {
        final RawDevice aliceA = device(a, "alice", "alice-a");
        final RawDevice bobB = device(b, "bob", "bob-b");
        final RawDevice carolA = device(a, "carol", "carol-a");
        final RawDevice carolC = device(c, "carol", "carol-c");
        final RawDevice daveC = device(c, "dave", "dave-c");

        // 1:1 from A to B: live on bob's user topic (bob never asked to sync), once, in seq order
        for (int i = 1; i <= BURST; i++) {
            assertThat(send(aliceA, "bob", "ab-" + i, "message " + i).getSendAck().getSeq()).isEqualTo(i);
        }
        assertThat(awaitMessages(bobB, "alice", BURST)).containsExactlyElementsOf(range(BURST));

        // one user's two devices on A and C both get what dave (on C) and bob (on B) send
        send(daveC, "carol", "dc-1", "from C");
        send(bobB, "carol", "bc-1", "from B");
        for (final RawDevice carol : List.of(carolA, carolC)) {
            assertThat(awaitMessages(carol, "dave", 1)).containsExactly(1L);
            assertThat(awaitMessages(carol, "bob", 1)).containsExactly(1L);
        }

        // a group with members on all three nodes: each message live on every node, once, in order
        final Reply created = request(aliceA, Uplink.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                .setRequestId("g-create").setName("Across").addMemberIds("bob").addMemberIds("carol")
                .addMemberIds("dave")).build());
        final String group = created.getGroup().getConversationId();
        assertThat(group).isNotEmpty();
        final List<Long> sent = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            sent.add(request(aliceA, Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("g-" + i)
                    .setConversationId(group).setContent(Content.newBuilder().setText("to all " + i))).build())
                    .getSendAck().getSeq());
        }
        for (final RawDevice member : List.of(bobB, carolA, carolC, daveC)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(groupMessages(member, group)).as("%s", member.deviceId).containsAll(sent));
            assertThat(groupMessages(member, group)).as("%s: once each, in order", member.deviceId)
                    .containsExactlyElementsOf(sent);
        }
        // nothing arrived twice meanwhile
        assertThat(messageSeqs(bobB, "alice")).containsExactlyElementsOf(range(BURST));
        assertThat(metric(a, "relayed")).isPositive();
        assertThat(metric(b, "received")).isPositive();
        assertThat(metric(c, "received")).isPositive();
    }

    private void killedNodeIsDeadWithinTwoHeartbeats(final ServerProcess a, final ServerProcess b,
                                                     final ServerProcess c) throws Exception {
        // 2x the heartbeat, plus what reading two nodes' /metrics takes on a busy machine
        final long bound = 2L * HEARTBEAT_MS + SCRAPE_SLACK_MS;
        final long killed = System.nanoTime();
        c.kill9();
        for (final ServerProcess survivor : List.of(a, b)) {
            await().atMost(Duration.ofMillis(bound)).pollInterval(Duration.ofMillis(25))
                    .until(() -> metric(survivor, "nodes_alive") == 2);
        }
        final long deadAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertThat(deadAfterMs).as("dead to both survivors after (ms)").isLessThanOrEqualTo(bound);

        // the survivors go on: bob on B still gets alice's messages from A live
        final RawDevice aliceA = devices.stream().filter(d -> d.deviceId.equals("alice-a")).findFirst().orElseThrow();
        final RawDevice bobB = devices.stream().filter(d -> d.deviceId.equals("bob-b")).findFirst().orElseThrow();
        send(aliceA, "bob", "ab-after", "after the kill");
        assertThat(awaitMessages(bobB, "alice", BURST + 1)).containsExactlyElementsOf(range(BURST + 1));
    }

    private static ServerProcess.Builder node(final Path dataDir) {
        return ServerProcess.builder(dataDir).config("cluster.heartbeat-ms", Integer.toString(HEARTBEAT_MS))
                .config("limits.messages-per-second", "0").config("limits.requests-per-second", "0")
                .config("presence.debounce-ms", "0");
    }

    private RawDevice device(final ServerProcess node, final String user, final String deviceId) throws Exception {
        final RawDevice device = RawDevice.connect(node.mqttUri(), user, deviceId, PASSWORD);
        devices.add(device);
        return device;
    }

    private static Reply request(final RawDevice device, final Uplink uplink) throws Exception {
        assertThat(device.request(uplink.toByteArray())).as("PUBACK").isZero();
        return device.nextReply();
    }

    private static Reply send(final RawDevice from, final String to, final String clientMsgId, final String text)
            throws Exception {
        final Reply reply = request(from, Uplink.newBuilder().setSend(SendMessage.newBuilder()
                .setClientMsgId(clientMsgId).setToUserId(to).setContent(Content.newBuilder().setText(text))).build());
        assertThat(reply.hasSendAck()).as("%s", reply).isTrue();
        return reply;
    }

    /** Waits until the device got {@code count} messages from the sender live, and returns their seqs as received. */
    private static List<Long> awaitMessages(final RawDevice device, final String sender, final int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> messageSeqs(device, sender).size() >= count);
        return messageSeqs(device, sender);
    }

    /** The seqs of the sender's direct messages (stream entries: version > 0) the device got, as received. */
    private static List<Long> messageSeqs(final RawDevice device, final String sender) {
        return device.events.stream().filter(e -> e.hasMessage() && e.getVersion() > 0).map(SyncEvent::getMessage)
                .filter(m -> m.getSenderUserId().equals(sender) && m.hasContent())
                .map(Message::getSeq).collect(Collectors.toList());
    }

    private static List<Long> groupMessages(final RawDevice device, final String group) {
        return device.events.stream().filter(e -> e.hasMessage() && e.getVersion() == 0).map(SyncEvent::getMessage)
                .filter(m -> m.getConversationId().equals(group) && m.hasContent())
                .map(Message::getSeq).collect(Collectors.toList());
    }

    private static List<Long> range(final int n) {
        return LongStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
    }

    /** A gauge {@code io.missive.cluster.<name>} from the node's /metrics. */
    private static long metric(final @NotNull ServerProcess node, final @NotNull String name) throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        final String prefix = "io_missive_cluster_" + name + " ";
        return response.body().lines().filter(line -> line.startsWith(prefix))
                .map(line -> (long) Double.parseDouble(line.substring(prefix.length()).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix.trim() + " in /metrics"));
    }
}
