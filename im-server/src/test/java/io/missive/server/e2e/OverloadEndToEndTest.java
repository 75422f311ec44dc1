package io.missive.server.e2e;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.SendAck;
import io.missive.server.EndToEnd;
import io.missive.server.ExtensionMetrics;
import io.missive.server.TestServer;
import io.missive.storage.MongoStores;
import io.missive.storage.device.DeviceTokens;
import io.missive.storage.message.StoredMessage;
import io.missive.storage.mongo.Reactive;
import io.missive.storage.sync.SyncEntry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server with its default embedded durable store, overloaded for {@link #OVERLOAD} by raw MQTT devices
 * ({@link LoadDevice}) that send as fast as the server takes their messages. It proves that:
 * <ol>
 *     <li>afterwards logins work (a new device with its user's password, an existing device with its token),
 *     and so do sends;</li>
 *     <li>nothing acknowledged was lost: every acknowledged send is stored once, with the seq it was
 *     acknowledged with, seqs are gap-free 1..n per conversation, and each message is in both participants'
 *     sync streams exactly once (versions gap-free);</li>
 *     <li>every send was either stored and acknowledged or refused {@code BUSY} (PUBACK 0x97,
 *     {@code Error{BUSY, retry_after_ms > 0}}), and a refused one stored nothing: repeated later with the same
 *     client message id, it is stored as new ({@code duplicate: false}). No other outcome (no {@code INTERNAL},
 *     no PUBACK timeout 0x80) and no lost connection.</li>
 * </ol>
 *
 * <p>Why 60 seconds: before sends were refused early, the embedded store let its backlog grow under a load
 * like this until, after a minute or more, it stopped answering the driver's heartbeats, and the server
 * refused logins ({@code 0x88}) and requests ({@code INTERNAL}) as for an unreachable store
 * (docs/benchmarks.md). A minute of sustained overload is what that took, and it is still short enough for
 * the test suite (the whole class takes about a minute and a half on the 2-core development machine).
 *
 * <p>The load: {@value #CONVERSATIONS} direct conversations, each between two users with
 * {@value #DEVICES_PER_USER} sending devices each, every device keeping {@value #WINDOW} sends in flight.
 * HiveMQ runs the publish interceptors of one client one at a time (the next waits until the previous
 * one's async output is resumed), so a device has at most one send inside the server however large its
 * window: the load the store sees grows with the number of devices, and a window beyond two (one in the
 * server, the next waiting in the broker) only lengthens the queue that must drain once the overload ends.
 * About 300 devices with ten sends in flight each saturated the store (seconds per send, health checks
 * failing) without ever exceeding the 4,000 pending appends at which sends are refused; this load exceeds
 * it. How many sends are refused depends on the machine: the counts (acknowledged, BUSY, the highest
 * {@code io.missive.store.pending-appends} seen) are logged so that a reader sees the overload happened,
 * and only the kind of every outcome is asserted.
 */
@EndToEnd
@Tag(EndToEnd.ALONE)
class OverloadEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(OverloadEndToEndTest.class);

    static final Duration OVERLOAD = Duration.ofSeconds(60);
    private static final int CONVERSATIONS = 50;
    private static final int DEVICES_PER_USER = 10;
    private static final int WINDOW = 2;
    /** The bound of every recovery step (generous: the store first works off its backlog). */
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final int CONNECTING_AT_ONCE = 250;
    private static final String PENDING_APPENDS = "io.missive.store.pending-appends";
    /** The client message id suffix of the sends after the overload. */
    private static final String AFTER = ".after";

    // a server of its own (not TestServer.shared()): the test overloads it and reads back every message it stored
    @RegisterExtension
    // load devices send far more than a person does: no per-device rate limits
    static final TestServer SERVER = TestServer.with(c -> c.set("limits.messages-per-second", "0")
            .set("limits.requests-per-second", "0"));

    private final List<LoadDevice> devices = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread thread = new Thread(r, "overload-timer");
        thread.setDaemon(true);
        return thread;
    });

    @AfterEach
    void close() {
        timer.shutdownNow();
        synchronized (devices) {
            LoadDevice.closeAll(devices);
        }
    }

    @Test
    void overloaded_for_a_minute_it_refuses_only_busy_recovers_and_loses_nothing_acknowledged() throws Exception {
        final List<String> users = SERVER.createUsers("overload", 2 * CONVERSATIONS);
        final LoadDevice.Tally tally = new LoadDevice.Tally();
        final List<LoadDevice> load = connectAll(users, tally);

        // the overload: every device keeps its window full until the time is up, then makes no new messages
        final long started = System.nanoTime();
        final AtomicLong maxPending = new AtomicLong();
        timer.scheduleWithFixedDelay(() -> load.forEach(LoadDevice::pump), 0, 50, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> maxPending.accumulateAndGet(pendingAppends(), Math::max),
                0, 100, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> LOG.info("{} s: {} acknowledged, {} refused BUSY, {} appends pending",
                seconds(started), tally.acks.size(), tally.busy.sum(), pendingAppends()), 10, 10, TimeUnit.SECONDS);
        timer.schedule(() -> {
            tally.offering = false;
        }, OVERLOAD.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(OVERLOAD.plusSeconds(10)).pollInterval(Duration.ofSeconds(1)).until(() -> !tally.offering);
        LOG.info("the overload of {} s by {} devices in {} conversations, {} sends in flight each, is over: {} sends "
                        + "acknowledged, {} refused BUSY, at most {} appends pending", OVERLOAD.toSeconds(),
                load.size(), CONVERSATIONS, WINDOW, tally.acks.stream().filter(a -> a.duringLoad).count(),
                tally.busy.sum(), maxPending.get());

        // 1. logins work again: a new device with its user's password, an existing device with its token ...
        final LoadDevice fresh = login(users.get(0), users.get(0) + "-new", peer(users, 0), TestServer.BULK_PASSWORD,
                tally);
        assertThat(fresh.issuedToken).startsWith("mvt1.");
        LOG.info("{} s: a new device logged in with a password", seconds(started));
        final LoadDevice existing = load.get(DEVICES_PER_USER); // the second user's first device
        final String token = existing.issuedToken;
        assertThat(token).startsWith("mvt1.");
        await().atMost(RECOVERY).until(() -> existing.outstanding() == 0); // its sends settle before it leaves
        existing.close();
        final LoadDevice returning = login(existing.userId, existing.deviceId, existing.peerUserId, token, tally);
        LOG.info("{} s: an existing device logged in again with its token", seconds(started));
        // ... and sends work again
        for (final LoadDevice device : List.of(fresh, returning)) {
            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                final LoadDevice.Outcome outcome = device.sendOnce(device.deviceId + AFTER).get(30, TimeUnit.SECONDS);
                assertThat(outcome.acked()).as("%s", outcome).isTrue();
            });
        }
        LOG.info("{} s: sends are acknowledged again", seconds(started));

        // the load's refused sends are repeated until each is acknowledged
        await().atMost(RECOVERY).until(() -> load.stream().mapToInt(LoadDevice::outstanding).sum() == 0);
        final List<LoadDevice.Acked> acks = new ArrayList<>(tally.acks);
        LOG.info("{} s: every send of the load settled: {} acknowledged in all ({} of them repeats of BUSY "
                        + "refusals), {} refusals BUSY in all", seconds(started), acks.size(),
                acks.stream().filter(a -> a.repeat).count(), tally.busy.sum());

        // 3. every outcome was an ack or BUSY, and no connection was lost
        assertThat(tally.unexpected).as("outcomes other than an ack or BUSY, lost connections").isEmpty();
        assertThat(load.stream().filter(d -> d != existing && !d.connected()).map(d -> d.deviceId))
                .as("devices that lost their connection").isEmpty();

        // 2. nothing acknowledged is lost: every message the load made was acknowledged, once, as new (a send
        // after the overload may have been acknowledged again, as a duplicate, if an attempt outlived its wait) ...
        final Map<String, List<LoadDevice.Acked>> bySend = acks.stream()
                .collect(Collectors.groupingBy(a -> a.senderUserId + "/" + a.ack.getClientMsgId()));
        final Map<String, Long> madeAcked = acks.stream().filter(a -> !a.ack.getClientMsgId().endsWith(AFTER))
                .collect(Collectors.groupingBy(a -> a.senderDeviceId, Collectors.counting()));
        for (final LoadDevice device : load) {
            assertThat(madeAcked.getOrDefault(device.deviceId, 0L)).as(device.deviceId).isEqualTo(device.made());
        }
        bySend.forEach((send, same) -> {
            assertThat(same.stream().map(a -> a.ack.getMessageId()).distinct()).as(send).hasSize(1);
            if (send.endsWith(AFTER)) {
                assertThat(same).as(send).anyMatch(a -> !a.ack.getDuplicate());
            } else {
                assertThat(same).as(send).hasSize(1);
                // a repeat of a BUSY refusal is new to the server: the refusal stored nothing
                assertThat(same.get(0).ack.getDuplicate()).as(send).isFalse();
            }
        });
        final Map<String, Map<Long, SendAck>> byConversation = new HashMap<>();
        for (final List<LoadDevice.Acked> same : bySend.values()) {
            final SendAck ack = same.get(0).ack;
            final SendAck other = byConversation.computeIfAbsent(ack.getConversationId(), c -> new HashMap<>())
                    .put(ack.getSeq(), ack);
            assertThat(other).as("two sends acknowledged as %s #%d", ack.getConversationId(), ack.getSeq()).isNull();
        }

        // ... each stored once, with the seq it was acknowledged with, gap-free 1..n per conversation ...
        final long verifying = System.nanoTime();
        final Map<String, List<StoredMessage>> stored = SERVER.stores().messages().storedSince(0, null, 1_000_000)
                .get(60, TimeUnit.SECONDS).stream().collect(Collectors.groupingBy(StoredMessage::conversationId));
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(byConversation.keySet());
        assertThat(stored).hasSize(CONVERSATIONS);
        for (int c = 0; c < CONVERSATIONS; c++) {
            final String conversation = Ids.directConversation(users.get(2 * c), users.get(2 * c + 1));
            final Map<Long, SendAck> acked = byConversation.get(conversation);
            assertThat(acked).as(conversation).isNotNull();
            assertThat(acked.keySet()).as(conversation).containsExactlyInAnyOrderElementsOf(range(acked.size()));
            final List<StoredMessage> messages = stored.get(conversation);
            assertThat(messages).extracting(StoredMessage::seq).as(conversation)
                    .containsExactlyInAnyOrderElementsOf(range(acked.size()));
            for (final StoredMessage message : messages) {
                final SendAck ack = acked.get(message.seq());
                assertThat(message.messageId()).as("%s #%d", conversation, message.seq()).isEqualTo(ack.getMessageId());
                assertThat(message.clientMsgId()).as("%s #%d", conversation, message.seq())
                        .isEqualTo(ack.getClientMsgId());
            }
        }

        // ... and in both participants' sync streams, exactly once (the fan-out may still be finishing)
        await().atMost(RECOVERY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            final Map<String, List<Document>> streams = syncEvents().stream()
                    .collect(Collectors.groupingBy(d -> d.getString("userId")));
            for (int i = 0; i < users.size(); i++) {
                final String user = users.get(i);
                final String conversation = Ids.directConversation(user, peer(users, i));
                final Map<Long, SendAck> acked = byConversation.get(conversation);
                final List<Document> stream = streams.getOrDefault(user, List.of());
                assertThat(stream).extracting(d -> d.getLong("version")).as(user)
                        .containsExactlyInAnyOrderElementsOf(range(stream.size()));
                final List<Document> messages = stream.stream()
                        .filter(d -> SyncEntry.TYPE_MESSAGE.equals(d.getString("type"))).collect(Collectors.toList());
                assertThat(messages).extracting(d -> d.getString("conversationId")).as(user).containsOnly(conversation);
                assertThat(messages).extracting(d -> d.getLong("seq")).as(user)
                        .containsExactlyInAnyOrderElementsOf(range(acked.size()));
                for (final Document entry : messages) {
                    assertThat(entry.getString("messageId")).as("%s: %s #%d", user, conversation, entry.getLong("seq"))
                            .isEqualTo(acked.get(entry.getLong("seq")).getMessageId());
                }
            }
        });
        LOG.info("{} s: verified {} messages in {} conversations and {} sync streams in {} ms", seconds(started),
                stored.values().stream().mapToInt(List::size).sum(), stored.size(), users.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - verifying));
    }

    /**
     * Every user's devices, connected with device tokens provisioned into the store (as the user import does),
     * so that connecting a thousand devices costs no password hashing.
     */
    private List<LoadDevice> connectAll(final List<String> users, final LoadDevice.Tally tally) throws Exception {
        final long connecting = System.nanoTime();
        final DeviceTokens tokens = new DeviceTokens();
        final List<String[]> all = new ArrayList<>(); // user, device, peer, token
        for (int i = 0; i < users.size(); i++) {
            for (int k = 0; k < DEVICES_PER_USER; k++) {
                all.add(new String[]{users.get(i), users.get(i) + "-d" + k, peer(users, i), tokens.issue()});
            }
        }
        final List<CompletableFuture<Boolean>> issued = all.stream()
                .map(d -> SERVER.stores().devices().issueToken(d[1], d[0], DeviceTokens.hash(d[3])))
                .collect(Collectors.toList());
        CompletableFuture.allOf(issued.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        assertThat(issued).allMatch(CompletableFuture::join);
        final List<LoadDevice> load = new ArrayList<>();
        for (int first = 0; first < all.size(); first += CONNECTING_AT_ONCE) {
            final List<CompletableFuture<LoadDevice>> connects = new ArrayList<>();
            for (final String[] d : all.subList(first, Math.min(first + CONNECTING_AT_ONCE, all.size()))) {
                connects.add(LoadDevice.connect(SERVER.mqttUri(), d[0], d[1], d[2], d[3], WINDOW, tally)
                        .thenApply(device -> {
                            device.issuedToken = d[3];
                            return device;
                        }));
            }
            for (final CompletableFuture<LoadDevice> connect : connects) {
                load.add(track(connect.get(60, TimeUnit.SECONDS)));
            }
        }
        LOG.info("{} devices connected in {} ms", load.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connecting));
        return load;
    }

    /**
     * Logs in (CONNACK success and the reply topic subscribed) within {@link #RECOVERY}, trying again while
     * refused.
     */
    private LoadDevice login(final String user, final String device, final String peer, final String secret,
                             final LoadDevice.Tally tally) {
        final AtomicReference<LoadDevice> connected = new AtomicReference<>();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            final CompletableFuture<LoadDevice> login = LoadDevice.connect(SERVER.mqttUri(), user, device, peer, secret,
                    WINDOW, tally);
            try {
                connected.set(track(login.get(20, TimeUnit.SECONDS)));
            } catch (final ExecutionException e) {
                throw new AssertionError(device + " not admitted: " + e.getCause(), e.getCause());
            } catch (final TimeoutException e) {
                login.thenAccept(LoadDevice::close); // too late: the next attempt replaces it
                throw new AssertionError(device + " not admitted within 20 s", e);
            }
        });
        return connected.get();
    }

    /** The other user of user {@code i}'s conversation: users 2c and 2c+1 talk to each other. */
    private static String peer(final List<String> users, final int i) {
        return users.get(i % 2 == 0 ? i + 1 : i - 1);
    }

    private LoadDevice track(final LoadDevice device) {
        synchronized (devices) {
            devices.add(device);
        }
        return device;
    }

    private static long pendingAppends() {
        return ExtensionMetrics.gauge(SERVER, PENDING_APPENDS);
    }

    /** Every entry of every sync stream, in one query (a query per user would scan the collection each time). */
    private static List<Document> syncEvents() throws Exception {
        try (MongoClient client = MongoClients.create(SERVER.server().mongoUri())) {
            return Reactive.list(client.getDatabase(SERVER.server().mongoDatabase())
                    .getCollection(MongoStores.SYNC_EVENTS).find()).get(60, TimeUnit.SECONDS);
        }
    }

    private static long seconds(final long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }

    private static List<Long> range(final long to) {
        return LongStream.rangeClosed(1, to).boxed().collect(Collectors.toList());
    }
}
