package io.missive.server.e2e;

import io.missive.protocol.Ids;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.MarkRead;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.SendReceipt;
import io.missive.sdk.SyncStore;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input at volume while two honest devices chat: thousands of mutated uplinks from an
 * authenticated device, and raw connections sending garbage after CONNECT, an oversized remaining
 * length, a topic that is not UTF-8, and a CONNECT flood. The server stays up; the honest devices lose
 * and duplicate nothing; their conversation holds only what they sent. Seeded: a failure repeats.
 */
@EndToEnd
class HostileInputEndToEndTest {

    private static final long SEED = 20261207L;
    private static final int MUTATED_UPLINKS = 1_500;
    private static final int HONEST_MESSAGES = 60;

    // the attacker is let through the per-device limits so that its payloads reach the decoder and handlers
    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c
            .set("limits.messages-per-second", "0")
            .set("limits.requests-per-second", "0"));

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (final AutoCloseable c : closing) {
            c.close();
        }
    }

    private MissiveClient client(final String user) {
        final MissiveClient client = MissiveClient.builder().serverUri(SERVER.mqttUri()).userId(user)
                .deviceId(user + "-phone").password(SERVER.password(user)).syncStore(SyncStore.inMemory()).build();
        closing.add(() -> client.close().join());
        return client;
    }

    @Test
    void the_server_stays_up_and_honest_devices_lose_and_duplicate_nothing() throws Exception {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final String mallory = SERVER.createUser("mallory");
        final MissiveClient alicePhone = client(alice);
        final MissiveClient bobPhone = client(bob);
        final List<ChatMessage> inbox = Devices.inbox();
        bobPhone.addMessageListener(inbox::add);
        alicePhone.connect().join();
        bobPhone.connect().join();
        final RawDevice attacker = RawDevice.connect(SERVER.mqttUri(), mallory, mallory + "-phone",
                SERVER.password(mallory));
        closing.add(attacker);

        final ExecutorService attacks = Executors.newFixedThreadPool(3);
        try {
            final Future<?> mutated = attacks.submit(() -> mutatedUplinks(attacker, mallory, alice, bob));
            final Future<?> raw = attacks.submit(this::rawGarbage);
            final Future<?> flood = attacks.submit(HostileInputEndToEndTest::connectFlood);

            final List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
            for (int i = 0; i < HONEST_MESSAGES; i++) {
                sends.add(alicePhone.sendText(bob, "honest " + i));
            }
            CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
            mutated.get(180, TimeUnit.SECONDS);
            raw.get(60, TimeUnit.SECONDS);
            flood.get(60, TimeUnit.SECONDS);
        } finally {
            attacks.shutdownNow();
        }

        final List<String> expected = IntStream.range(0, HONEST_MESSAGES).mapToObj(i -> "honest " + i)
                .collect(Collectors.toList());
        // mallory is a user too: her sends to bob and her group are bob's as well; alice's conversation
        // with bob holds alice's messages only, each once, in order
        final String conversation = Ids.directConversation(alice, bob);
        await().atMost(Duration.ofSeconds(30)).until(() -> fromAlice(inbox, conversation).size() >= HONEST_MESSAGES);
        assertThat(fromAlice(inbox, conversation)).extracting(m -> m.text().orElse(""))
                .containsExactlyElementsOf(expected);
        final HistoryPage history = bobPhone.history(conversation, HistoryQuery.latest(100)).join();
        assertThat(history.messages()).extracting(m -> m.senderUserId()).containsOnly(alice);
        assertThat(history.messages()).extracting(m -> m.text().orElse("")).containsExactlyInAnyOrderElementsOf(expected);
        // still up: a new device gets in
        final MissiveClient later = client(SERVER.createUser("carol"));
        later.connect().join();
        assertThat(later.isConnected()).isTrue();
    }

    private static List<ChatMessage> fromAlice(final List<ChatMessage> inbox, final String conversation) {
        synchronized (inbox) {
            return inbox.stream().filter(m -> m.conversationId().equals(conversation)).collect(Collectors.toList());
        }
    }

    /** Valid uplinks of every kind, then bytes flipped, cut, doubled or appended, published as the attacker. */
    private static void mutatedUplinks(final RawDevice attacker, final String mallory, final String alice,
                                       final String bob) {
        final List<byte[]> seeds = List.of(
                Uplink.newBuilder().setSend(SendMessage.newBuilder().setToUserId(bob).setClientMsgId("m-1")
                        .setContent(Content.newBuilder().setText("spam"))).build().toByteArray(),
                // someone else's conversation, which the attacker does not belong to
                Uplink.newBuilder().setSend(SendMessage.newBuilder()
                        .setConversationId(Ids.directConversation(alice, bob)).setClientMsgId("m-2")
                        .setContent(Content.newBuilder().setText("forged"))).build().toByteArray(),
                Uplink.newBuilder().setHistory(HistoryRequest.newBuilder()
                        .setConversationId(Ids.directConversation(alice, bob)).setLimit(100)).build().toByteArray(),
                Uplink.newBuilder().setSync(SyncRequest.newBuilder().setAfterVersion(0).setLimit(50))
                        .build().toByteArray(),
                Uplink.newBuilder().setMarkRead(MarkRead.newBuilder()
                        .setConversationId(Ids.directConversation(alice, bob)).setSeq(3)).build().toByteArray(),
                Uplink.newBuilder().setCreateGroup(CreateGroup.newBuilder().setName("g").setRequestId("r-1")
                        .addMemberIds(bob)).build().toByteArray());
        final Random random = new Random(SEED);
        final String uplink = Topics.uplink(mallory, mallory + "-phone");
        final String replies = Topics.deviceReplies(mallory, mallory + "-phone");
        for (int i = 0; i < MUTATED_UPLINKS; i++) {
            final byte[] payload = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                final byte[] correlation = {(byte) i};
                // Paho may count a publish as in progress for a moment after its PUBACK (32202): try again
                await().atMost(Duration.ofSeconds(20)).pollInSameThread().pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(5)).until(() -> {
                    try {
                        attacker.publish(uplink, payload, replies, correlation);
                        return true;
                    } catch (final MqttException e) {
                        if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                            return false;
                        }
                        throw e;
                    }
                });
            } catch (final Exception e) {
                String parsed;
                try {
                    parsed = Uplink.parseFrom(payload).toString().replace('\n', ' ');
                } catch (final Exception notUplink) {
                    parsed = "not an Uplink: " + notUplink.getMessage();
                }
                throw new AssertionError("the attacker's own connection failed after " + i + " uplinks: " + e
                        + "; the payload was " + java.util.HexFormat.of().formatHex(payload) + " (" + parsed + ")", e);
            }
        }
    }

    private static byte[] mutate(final byte[] seed, final Random random) {
        final byte[] bytes = seed.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return bytes;
            }
            case 1 -> {
                final byte[] cut = new byte[random.nextInt(bytes.length)];
                System.arraycopy(bytes, 0, cut, 0, cut.length);
                return cut;
            }
            case 2 -> {
                final byte[] doubled = new byte[bytes.length * 2];
                System.arraycopy(bytes, 0, doubled, 0, bytes.length);
                System.arraycopy(bytes, 0, doubled, bytes.length, bytes.length);
                return doubled;
            }
            case 3 -> {
                final byte[] tail = new byte[1 + random.nextInt(64)];
                random.nextBytes(tail);
                final byte[] longer = new byte[bytes.length + tail.length];
                System.arraycopy(bytes, 0, longer, 0, bytes.length);
                System.arraycopy(tail, 0, longer, bytes.length, tail.length);
                return longer;
            }
            default -> {
                final byte[] noise = new byte[random.nextInt(256)];
                random.nextBytes(noise);
                return noise;
            }
        }
    }

    /** Raw connections: garbage after CONNECT, an oversized remaining length, a topic that is not UTF-8. */
    private void rawGarbage() {
        final Random random = new Random(SEED + 1);
        for (int i = 0; i < 100; i++) {
            final ByteArrayOutputStream packets = new ByteArrayOutputStream();
            packets.writeBytes(connect("garbage-" + i, null, null));
            switch (i % 3) {
                case 0 -> {
                    final byte[] noise = new byte[1 + random.nextInt(512)];
                    random.nextBytes(noise);
                    packets.writeBytes(noise);
                }
                // a PUBLISH announcing 268 MB
                case 1 -> packets.writeBytes(new byte[]{0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 1, 'x'});
                // a PUBLISH whose topic is not UTF-8
                default -> packets.writeBytes(new byte[]{0x30, 6, 0, 2, (byte) 0xC3, 0x28, 0, 'x'});
            }
            exchange(packets.toByteArray());
        }
        // the same after an authenticated CONNECT of a real user
        final String eve = SERVER.createUser("eve");
        exchange(concat(connect(eve + "-phone", eve, SERVER.password(eve)),
                new byte[]{0x30, 6, 0, 2, (byte) 0xC3, 0x28, 0, 'x'}));
    }

    /** 300 CONNECTs without credentials, as fast as the sockets open. */
    private static void connectFlood() {
        for (int i = 0; i < 300; i++) {
            exchange(connect("flood-" + i, null, null));
        }
    }

    /** Sends the bytes on a fresh connection and reads until the server closes it (or 5 s pass). */
    private static void exchange(final byte[] bytes) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), SERVER.mqttPort())) {
            socket.setSoTimeout(5_000);
            final OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (final IOException e) {
                return; // closed while we wrote: refused, as it should
            }
            final InputStream in = socket.getInputStream();
            final byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // drain the CONNACK (and DISCONNECT) until the server closes
            }
        } catch (final IOException e) {
            // reset or timed out: the server ended it either way
        }
    }

    /** An MQTT 5 CONNECT (clean start, keepalive 60), with user name and password when given. */
    private static byte[] connect(final String clientId, final String user, final String password) {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[]{0, 4, 'M', 'Q', 'T', 'T', 5});
        body.write(0x02 | (user != null ? 0xC0 : 0));
        body.writeBytes(new byte[]{0, 60, 0}); // keepalive, no properties
        string(body, clientId);
        if (user != null) {
            string(body, user);
            string(body, password);
        }
        final ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        int length = body.size();
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static void string(final ByteArrayOutputStream out, final String value) {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    private static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
