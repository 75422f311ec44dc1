package io.missive.server.e2e;

import io.missive.protocol.v1.ChangeMembers;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.ExtensionMetrics;
import io.missive.server.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.missive.server.e2e.GroupEndToEndTest.request;
import static io.missive.server.e2e.GroupEndToEndTest.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A big group (2,000 members by default, 5,000 with the system property below): one message
 * reaches every online member, and sending it costs a handful of MongoDB commands, not one per member (the message is stored once; nothing is written per
 * member). How fast that is belongs to the benchmark, not to this test.
 */
@EndToEnd
@Tag(EndToEnd.ALONE)
class BigGroupEndToEndTest {

    /** 2,000 keeps the suite fast; {@code -Dmissive.big-group.members=5000} runs the full size. */
    private static final int MEMBERS = Integer.getInteger("missive.big-group.members", 2_000);
    private static final int ONLINE = 12;
    private static final int BATCH = 1_000;

    // a server of its own (not TestServer.shared()): the test counts the MongoDB commands of the whole server
    @RegisterExtension
    // load devices send far more than a person does: no per-device rate limits
    static final TestServer SERVER = TestServer.with(c -> c.set("limits.messages-per-second", "0")
            .set("limits.requests-per-second", "0"));

    @Test
    void one_message_reaches_every_online_member_for_a_few_store_commands() throws Exception {
        final List<String> users = SERVER.createUsers("big", MEMBERS);
        final String ownerId = users.get(0);
        final List<RawDevice> online = new ArrayList<>();
        try (RawDevice owner = RawDevice.connect(SERVER.mqttUri(), ownerId, ownerId + "-phone",
                TestServer.BULK_PASSWORD)) {
            final Reply created = request(owner, Uplink.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                    .setRequestId("big-create").setName("Everyone").addAllMemberIds(users.subList(1, BATCH))).build());
            final String group = created.getGroup().getConversationId();
            for (int from = BATCH; from < MEMBERS; from += BATCH) {
                final Reply added = request(owner, Uplink.newBuilder().setAddMembers(ChangeMembers.newBuilder()
                        .setRequestId("big-add-" + from).setConversationId(group)
                        .addAllUserIds(users.subList(from, Math.min(MEMBERS, from + BATCH)))).build());
                assertThat(added.hasGroup()).as("%s", added).isTrue();
            }
            assertThat(SERVER.stores().conversations().find(group).join().orElseThrow().memberCount())
                    .isEqualTo(MEMBERS);

            // members spread over the whole group come online and follow their streams
            for (int i = 1; i <= ONLINE; i++) {
                final String user = users.get(i * (MEMBERS / (ONLINE + 1)));
                final RawDevice device = RawDevice.connect(SERVER.mqttUri(), user, user + "-phone",
                        TestServer.BULK_PASSWORD);
                online.add(device);
                final long latest = request(device, Uplink.newBuilder().setSync(SyncRequest.newBuilder()).build())
                        .getSync().getLatestVersion();
                assertThat(latest).as("the join is in the member's own stream").isPositive();
            }
            final long seqWarm = send(owner, group, "warm-up", "first").getSendAck().getSeq();
            awaitEveryoneHas(online, seqWarm);
            awaitDelivered(group, seqWarm);
            // the warm-up was the first counting ever for these members: their counters are
            // reconciled from MongoDB once, in the background; measure after that
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    ExtensionMetrics.gauge(SERVER, ExtensionMetrics.AWAITING_RECONCILIATION) == 0);

            final long before = ExtensionMetrics.gauge(SERVER, ExtensionMetrics.MONGO_COMMANDS);
            final long seq = send(owner, group, "to-all", "hello, all of you").getSendAck().getSeq();
            awaitEveryoneHas(online, seq);
            awaitDelivered(group, seq);
            final long commands = ExtensionMetrics.gauge(SERVER, ExtensionMetrics.MONGO_COMMANDS) - before;
            // stored once, recorded as the latest, one list update (and whatever once-a-second writes, such as
            // the fan-out checkpoint, fall into the window): no per-member work
            assertThat(commands).as("MongoDB commands for one message to %d members", MEMBERS).isLessThan(12);
        } finally {
            online.forEach(RawDevice::close);
        }
    }

    private static void awaitEveryoneHas(final List<RawDevice> devices, final long seq) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (final RawDevice device : devices) {
                assertThat(device.events.stream().filter(e -> e.getVersion() == 0)
                        .map(SyncEvent::getMessage).anyMatch(m -> m.getSeq() == seq))
                        .as("%s got #%d", device.userId, seq).isTrue();
            }
        });
    }

    /** The delivery finished: the group's latest seq is recorded (its last step). */
    private static void awaitDelivered(final String group, final long seq) {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                SERVER.stores().conversations().find(group).join().orElseThrow().lastSeq() == seq);
    }
}
