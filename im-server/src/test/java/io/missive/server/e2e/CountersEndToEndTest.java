package io.missive.server.e2e;

import io.missive.protocol.v1.ChangeMembers;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.GetUnread;
import io.missive.protocol.v1.MarkRead;
import io.missive.protocol.v1.ReadBy;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.UnreadCounts;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.ExtensionMetrics;
import io.missive.server.TestServer;
import io.missive.storage.conversation.ConversationRecord;
import io.missive.storage.conversation.Membership;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static io.missive.server.e2e.GroupEndToEndTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Unread counters against MongoDB's truth (latest seq − read seq per conversation), read
 * positions and their announcements, the aggregated group path, and Redis failing under it.
 */
@Tag("redis")
@EndToEnd
class CountersEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c.set("counters.flush-ms", "100")).withStoppableRedis();

    private final List<RawDevice> devices = new ArrayList<>();
    /** A raw device answers one request at a time: each gets its own thread. */
    private final Map<RawDevice, ExecutorService> lanes = new HashMap<>();

    @AfterEach
    void close() {
        lanes.values().forEach(ExecutorService::shutdownNow);
        devices.forEach(RawDevice::close);
    }

    private CompletableFuture<Reply> async(final RawDevice device, final Uplink uplink) {
        final ExecutorService lane = lanes.computeIfAbsent(device, d -> Executors.newSingleThreadExecutor());
        return CompletableFuture.supplyAsync(() -> call(device, uplink), lane);
    }

    private RawDevice device(final String user, final String deviceId, final String password) throws Exception {
        final RawDevice device = RawDevice.connect(SERVER.mqttUri(), user, deviceId, password);
        devices.add(device);
        assertThat(request(device, Uplink.newBuilder().setSync(SyncRequest.newBuilder()).build()).hasSync()).isTrue();
        return device;
    }

    private RawDevice device(final String prefix) throws Exception {
        final String user = SERVER.createUser(prefix);
        return device(user, user + "-phone", SERVER.password(user));
    }

    private static Uplink toUser(final String to, final String id) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId(id).setToUserId(to)
                .setContent(Content.newBuilder().setText("m " + id))).build();
    }

    private static Uplink toConversation(final String conversation, final String id) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId(id).setConversationId(conversation)
                .setContent(Content.newBuilder().setText("m " + id))).build();
    }

    private static Uplink markRead(final String conversation, final long seq) {
        return Uplink.newBuilder().setMarkRead(MarkRead.newBuilder().setConversationId(conversation).setSeq(seq))
                .build();
    }

    private static UnreadCounts unread(final RawDevice device) throws Exception {
        final Reply reply = request(device, Uplink.newBuilder().setGetUnread(GetUnread.getDefaultInstance()).build());
        assertThat(reply.hasUnread()).as("%s", reply).isTrue();
        return reply.getUnread();
    }

    private static Map<String, Long> counts(final UnreadCounts counts) {
        return counts.getConversationsList().stream().collect(Collectors.toMap(c -> c.getConversationId(),
                c -> c.getCount()));
    }

    /** What the counts must be, from MongoDB: per conversation the latest seq minus the read seq. */
    private static Map<String, Long> truth(final String user) {
        final List<Membership> memberships = SERVER.stores().members().ofUser(user).join();
        final Map<String, ConversationRecord> records = SERVER.stores().conversations().byIds(
                memberships.stream().map(Membership::conversationId).collect(Collectors.toList())).join();
        final Map<String, Long> truth = new HashMap<>();
        for (final Membership m : memberships) {
            final long latest = SERVER.stores().messages().latestSeq(m.conversationId()).join();
            final long count = latest - m.readSeq();
            if (count > 0) {
                truth.put(m.conversationId(), count);
            }
            assertThat(records).containsKey(m.conversationId());
        }
        return truth;
    }

    private static void assertExact(final RawDevice device) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final UnreadCounts counts = unread(device);
            final Map<String, Long> truth = truth(device.userId);
            assertThat(counts.getAvailable()).isTrue();
            assertThat(counts(counts)).isEqualTo(truth);
            assertThat(counts.getTotal()).isEqualTo(truth.values().stream().mapToLong(Long::longValue).sum());
        });
    }

    @Test
    void counts_stay_exact_under_concurrent_sends_and_reads_from_several_devices() throws Exception {
        final RawDevice alicePhone = device("alice");
        final RawDevice aliceLaptop = device(alicePhone.userId, alicePhone.userId + "-laptop",
                SERVER.password(alicePhone.userId));
        final RawDevice bobPhone = device("bob");
        final RawDevice bobTablet = device(bobPhone.userId, bobPhone.userId + "-tablet", SERVER.password(bobPhone.userId));
        final RawDevice carol = device("carol");

        final Random random = new Random(7);
        final List<CompletableFuture<Reply>> sends = new ArrayList<>();
        final List<RawDevice> senders = List.of(alicePhone, aliceLaptop, carol);
        for (int i = 0; i < 60; i++) {
            final RawDevice from = senders.get(i % senders.size());
            final int n = i;
            sends.add(async(from, toUser(bobPhone.userId, "c-" + n)));
            if (i % 3 == 0) {
                sends.add(async(bobPhone, toUser(alicePhone.userId, "b-" + n)));
            }
            if (i % 10 == 9) {
                // bob reads on either device while messages keep coming
                final RawDevice reader = random.nextBoolean() ? bobPhone : bobTablet;
                final long seq = 1 + random.nextInt(i / 2 + 1);
                final String conversation = io.missive.protocol.Ids.directConversation(alicePhone.userId, bobPhone.userId);
                sends.add(async(reader, markRead(conversation, seq)));
            }
        }
        CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).join();

        assertExact(bobPhone);
        assertExact(alicePhone);
        assertExact(carol);
        assertThat(unread(bobPhone).getTotal()).isPositive();
    }

    private static Reply call(final RawDevice device, final Uplink uplink) {
        try {
            return request(device, uplink);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_read_position_is_monotonic_reaches_the_users_devices_and_the_peer() throws Exception {
        final RawDevice dana = device("dana");
        final RawDevice danaLaptop = device(dana.userId, dana.userId + "-laptop", SERVER.password(dana.userId));
        final RawDevice eli = device("eli");
        String conversation = null;
        for (int i = 0; i < 5; i++) {
            conversation = request(eli, toUser(dana.userId, "e-" + i)).getSendAck().getConversationId();
        }
        assertExact(dana);
        assertThat(unread(dana).getTotal()).isEqualTo(5);

        final Reply read = request(dana, markRead(conversation, 3));
        assertThat(read.getRead().getSeq()).isEqualTo(3);
        assertThat(read.getRead().getUnread()).isEqualTo(2);
        final String direct = conversation;
        await().atMost(Duration.ofSeconds(10)).until(() -> danaLaptop.events.stream().anyMatch(e ->
                e.getVersion() > 0 && e.hasRead() && e.getRead().getSeq() == 3 && e.getRead().getUserId().equals(dana.userId)));
        await().atMost(Duration.ofSeconds(10)).until(() -> eli.events.stream().anyMatch(e ->
                e.getVersion() > 0 && e.hasRead() && e.getRead().getConversationId().equals(direct)
                        && e.getRead().getUserId().equals(dana.userId) && e.getRead().getSeq() == 3));

        // an older position changes nothing and tells nobody
        final long eventsBefore = eli.events.stream().filter(SyncEvent::hasRead).count();
        final Reply older = request(danaLaptop, markRead(conversation, 1));
        assertThat(older.getRead().getSeq()).isEqualTo(3);
        assertThat(unread(dana).getTotal()).isEqualTo(2);
        // beyond the latest seq is refused
        assertThat(request(dana, markRead(conversation, 99)).getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        // a stranger cannot mark it
        final RawDevice stranger = device("stranger");
        assertThat(request(stranger, markRead(conversation, 1)).getError().getCode()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(request(eli, Uplink.newBuilder().setReadBy(ReadBy.newBuilder().setConversationId(conversation)
                .setSeq(3)).build()).getReadBy().getUserIdsList()).containsExactly(dana.userId);
        assertThat(eli.events.stream().filter(SyncEvent::hasRead).count()).isEqualTo(eventsBefore);
        // replying counts as reading
        request(dana, toUser(eli.userId, "reply"));
        assertExact(dana);
        assertThat(unread(dana).getTotal()).isZero();
    }

    @Test
    void the_aggregated_group_path_is_exact_after_a_flush_and_costs_a_few_scripts() throws Exception {
        final List<String> users = SERVER.createUsers("grp", 200);
        final List<RawDevice> speakers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            speakers.add(device(users.get(i), users.get(i) + "-phone", TestServer.BULK_PASSWORD));
        }
        final RawDevice listener = device(users.get(199), users.get(199) + "-phone", TestServer.BULK_PASSWORD);
        final String group = request(speakers.get(0), Uplink.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                .setRequestId("count-group").setName("Counted").addAllMemberIds(users.subList(1, 150))).build())
                .getGroup().getConversationId();
        request(speakers.get(0), Uplink.newBuilder().setAddMembers(ChangeMembers.newBuilder().setRequestId("late")
                .setConversationId(group).addAllUserIds(users.subList(150, 200))).build());

        // new members' counters are reconciled once from MongoDB first (their first counting ever)
        await().atMost(Duration.ofSeconds(30)).until(() ->
                ExtensionMetrics.gauge(SERVER, ExtensionMetrics.AWAITING_RECONCILIATION) == 0);
        final long before = stableRedisCommands();
        final int messages = 80;
        final List<CompletableFuture<Reply>> sends = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            final RawDevice from = speakers.get(i % speakers.size());
            final int n = i;
            sends.add(async(from, toConversation(group, "g-" + n)));
        }
        CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).join();
        final long commands = stableRedisCommands() - before;
        // without aggregation: one write per member per message, 200 x 80; here a few scripts
        assertThat(commands).as("Redis commands for %d messages to 200 members", messages).isLessThan(messages / 2);
        for (final RawDevice device : List.of(speakers.get(0), speakers.get(3), listener)) {
            assertExact(device);
        }
        assertThat(counts(unread(listener))).containsEntry(group, (long) messages);
    }

    /** The extension's Redis command count once it stopped moving (the last flush is written). */
    private static long stableRedisCommands() {
        final long[] last = {-1};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(400)).until(() -> {
            final long now = ExtensionMetrics.gauge(SERVER, ExtensionMetrics.REDIS_COMMANDS);
            final boolean stable = now == last[0];
            last[0] = now;
            return stable;
        });
        return last[0];
    }

    @Test
    void messaging_goes_on_while_redis_is_down_and_counters_are_reconciled_after() throws Exception {
        Assumptions.assumeTrue(SERVER.redisStoppable(), "needs a Redis the test runs, to stop and start it");
        final RawDevice fay = device("fay");
        final RawDevice gus = device("gus");
        for (int i = 0; i < 3; i++) {
            request(gus, toUser(fay.userId, "before-" + i));
        }
        assertExact(fay);

        SERVER.stopRedis();
        try {
            for (int i = 0; i < 4; i++) {
                final Reply ack = request(gus, toUser(fay.userId, "during-" + i));
                assertThat(ack.hasSendAck()).as("%s", ack).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> fay.events.stream()
                    .filter(e -> e.getMessage().getClientMsgId().startsWith("during-")).count() == 4);
            assertThat(unread(fay).getAvailable()).isFalse();
        } finally {
            // back, and empty: everything it held is gone
            SERVER.startRedis();
        }
        assertExact(fay);
        assertThat(unread(fay).getTotal()).isEqualTo(7);
        assertExact(gus);
    }
}
