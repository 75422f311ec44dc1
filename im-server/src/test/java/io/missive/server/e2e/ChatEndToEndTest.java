package io.missive.server.e2e;

import io.missive.protocol.Ids;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.SendReceipt;
import io.missive.server.EndToEnd;
import io.missive.server.SharesServer;
import io.missive.server.TestServer;
import io.missive.storage.sync.SyncEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two users chatting through the real server with the SDK, as an app would. */
@EndToEnd
@SharesServer
class ChatEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.shared();

    private final Devices devices = new Devices(SERVER);

    @AfterEach
    void close() {
        devices.close();
    }

    private static String text(final ChatMessage m) {
        return m.text().orElse("");
    }

    @Test
    void alice_and_bob_chat_both_ways_and_alices_other_device_sees_both() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final List<ChatMessage> alicePhone = Devices.inbox();
        final List<ChatMessage> aliceLaptop = Devices.inbox();
        final List<ChatMessage> bobPhone = Devices.inbox();
        final MissiveClient a = devices.connect(alice, alice + "-phone", alicePhone);
        devices.connect(alice, alice + "-laptop", aliceLaptop);
        final MissiveClient b = devices.connect(bob, bob + "-phone", bobPhone);

        final SendReceipt first = a.sendText(bob, "hi bob").join();
        assertThat(first.conversationId()).isEqualTo(Ids.directConversation(alice, bob));
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.duplicate()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> bobPhone.size() == 1);
        final ChatMessage received = bobPhone.get(0);
        assertThat(text(received)).isEqualTo("hi bob");
        assertThat(received.senderUserId()).isEqualTo(alice);
        assertThat(received.senderDeviceId()).isEqualTo(alice + "-phone");
        assertThat(received.seq()).isEqualTo(1);
        assertThat(received.messageId()).isEqualTo(first.messageId());

        final SendReceipt reply = b.send(OutgoingMessage.toConversation(first.conversationId()).text("hi alice").build())
                .join();
        assertThat(reply.seq()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> alicePhone.size() == 2 && aliceLaptop.size() == 2);
        assertThat(aliceLaptop).extracting(ChatEndToEndTest::text).containsExactly("hi bob", "hi alice");
        assertThat(alicePhone).extracting(ChatMessage::seq).containsExactly(1L, 2L);
        assertThat(alicePhone.get(1).syncVersion()).isPresent();
    }

    @Test
    void a_resend_with_the_same_client_msg_id_is_stored_once() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final List<ChatMessage> bobPhone = Devices.inbox();
        final MissiveClient a = devices.connect(alice, alice + "-phone", Devices.inbox());
        devices.connect(bob, bob + "-phone", bobPhone);

        final OutgoingMessage message = OutgoingMessage.toUser(bob).text("only once").build();
        final SendReceipt first = a.send(message).join();
        final SendReceipt again = a.send(message).join();

        assertThat(again.duplicate()).isTrue();
        assertThat(again.seq()).isEqualTo(first.seq());
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(a.sendText(bob, "next").join().seq()).isEqualTo(first.seq() + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> bobPhone.size() == 2);
        assertThat(bobPhone).extracting(ChatEndToEndTest::text).containsExactly("only once", "next");
        assertThat(SERVER.stores().syncStreams().latestVersion(bob).join()).isEqualTo(2);
    }

    @Test
    void concurrent_senders_get_unique_gap_free_seqs() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final int devicesPerUser = 4;
        final int perDevice = 250;
        final int total = 2 * devicesPerUser * perDevice;
        final List<ChatMessage> observer = Devices.inbox();
        devices.connect(bob, bob + "-observer", observer);
        final List<MissiveClient> senders = new ArrayList<>();
        final List<String> targets = new ArrayList<>();
        for (int i = 0; i < devicesPerUser; i++) {
            senders.add(devices.connect(alice, alice + "-d" + i, Devices.inbox()));
            targets.add(bob);
            senders.add(devices.connect(bob, bob + "-d" + i, Devices.inbox()));
            targets.add(alice);
        }

        final List<CompletableFuture<SendReceipt>> receipts = new ArrayList<>();
        for (int n = 0; n < perDevice; n++) {
            for (int s = 0; s < senders.size(); s++) {
                receipts.add(senders.get(s).sendText(targets.get(s), "s" + s + "-n" + n));
            }
        }
        CompletableFuture.allOf(receipts.toArray(new CompletableFuture[0])).join();

        final List<Long> expected = LongStream.rangeClosed(1, total).boxed().collect(Collectors.toList());
        assertThat(receipts.stream().map(r -> r.join().seq()).sorted().collect(Collectors.toList()))
                .containsExactlyElementsOf(expected);
        assertThat(receipts.stream().map(r -> r.join().messageId()).distinct().count()).isEqualTo(total);

        final String conversation = Ids.directConversation(alice, bob);
        final List<Long> stored = new ArrayList<>();
        final MissiveClient reader = senders.get(0);
        long anchor = 0;
        HistoryPage page;
        do {
            page = reader.history(conversation, HistoryQuery.after(anchor, 100)).join();
            page.messages().forEach(m -> stored.add(m.seq()));
            anchor = stored.get(stored.size() - 1);
        } while (page.hasMore());
        assertThat(stored).containsExactlyElementsOf(expected);

        // every message reached bob's observing device, once, in seq order
        await().atMost(Duration.ofSeconds(60)).until(() -> observer.size() >= total);
        assertThat(observer).extracting(ChatMessage::seq).containsExactlyElementsOf(expected);
        // and bob's sync stream holds each message once with versions 1..total
        final List<SyncEntry> stream = SERVER.stores().syncStreams().after(bob, 0, total + 10).join();
        assertThat(stream).extracting(SyncEntry::version)
                .containsExactlyElementsOf(expected);
        assertThat(stream).extracting(SyncEntry::seq).containsExactlyElementsOf(expected);
    }

    @Test
    void history_pages_backwards_and_forwards() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final MissiveClient a = devices.connect(alice, alice + "-phone", Devices.inbox());
        final MissiveClient b = devices.connect(bob, bob + "-phone", Devices.inbox());
        for (int i = 1; i <= 25; i++) {
            (i % 2 == 0 ? b.sendText(alice, "m" + i) : a.sendText(bob, "m" + i)).join();
        }
        final String conversation = Ids.directConversation(alice, bob);

        final HistoryPage newest = b.history(conversation, HistoryQuery.latest(10)).join();
        assertThat(newest.messages()).extracting(ChatEndToEndTest::text)
                .containsExactly("m16", "m17", "m18", "m19", "m20", "m21", "m22", "m23", "m24", "m25");
        assertThat(newest.hasMore()).isTrue();
        assertThat(newest.latestSeq()).isEqualTo(25);

        final HistoryPage older = b.history(conversation, HistoryQuery.before(16, 10)).join();
        assertThat(older.messages()).extracting(ChatMessage::seq)
                .containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
        assertThat(older.hasMore()).isTrue();
        final HistoryPage oldest = b.history(conversation, HistoryQuery.before(6, 10)).join();
        assertThat(oldest.messages()).extracting(ChatMessage::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(oldest.hasMore()).isFalse();

        final HistoryPage forward = a.history(conversation, HistoryQuery.after(22, 10)).join();
        assertThat(forward.messages()).extracting(ChatEndToEndTest::text).containsExactly("m23", "m24", "m25");
        assertThat(forward.hasMore()).isFalse();
        assertThat(forward.messages().get(0).senderUserId()).isEqualTo(alice);
    }
}
