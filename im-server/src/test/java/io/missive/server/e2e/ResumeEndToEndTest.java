package io.missive.server.e2e;

import io.missive.protocol.Ids;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.SendReceipt;
import io.missive.sdk.SyncStore;
import io.missive.server.EndToEnd;
import io.missive.server.SharesServer;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Nothing lost, nothing duplicated, seen through the SDK: offline catch-up, cut connections, several devices. */
@EndToEnd
@SharesServer
class ResumeEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.shared();

    private final List<MissiveClient> clients = new ArrayList<>();
    private final List<TcpProxy> proxies = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (final MissiveClient client : clients) {
            client.close().join();
        }
        for (final TcpProxy proxy : proxies) {
            proxy.close();
        }
    }

    private MissiveClient client(final String uri, final String user, final String device, final SyncStore store,
                                 final List<ChatMessage> inbox) {
        final MissiveClient client = MissiveClient.builder()
                .serverUri(uri).userId(user).deviceId(device).password(SERVER.password(user))
                .syncStore(store)
                .reconnectDelay(Duration.ofMillis(100), Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        client.addMessageListener(inbox::add);
        clients.add(client);
        client.connect().join();
        return client;
    }

    private TcpProxy proxy() throws Exception {
        final TcpProxy proxy = new TcpProxy(SERVER.mqttPort());
        proxies.add(proxy);
        return proxy;
    }

    private static List<Long> seqs(final List<ChatMessage> inbox) {
        synchronized (inbox) {
            return inbox.stream().map(ChatMessage::seq).collect(Collectors.toList());
        }
    }

    private static List<Long> range(final long from, final long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void a_device_offline_for_thousands_of_messages_receives_exactly_those_once_in_order() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final SyncStore bobPhoneStore = SyncStore.inMemory();
        final List<ChatMessage> before = Devices.inbox();
        final MissiveClient bobPhone = client(SERVER.mqttUri(), bob, bob + "-phone", bobPhoneStore, before);
        final MissiveClient a = client(SERVER.mqttUri(), alice, alice + "-phone", SyncStore.inMemory(), Devices.inbox());
        a.sendText(bob, "before").join();
        await().atMost(Duration.ofSeconds(10)).until(() -> before.size() == 1);
        bobPhone.close().join();

        final int missed = 3_000;
        final List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
        for (int i = 0; i < missed; i++) {
            sends.add(a.sendText(bob, "while away " + i));
        }
        CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).join();

        final List<ChatMessage> after = Devices.inbox();
        final MissiveClient again = client(SERVER.mqttUri(), bob, bob + "-phone", bobPhoneStore, after);
        again.whenSynced().join();
        await().atMost(Duration.ofSeconds(30)).until(() -> after.size() >= missed);
        assertThat(seqs(after)).containsExactlyElementsOf(range(2, missed + 1));
        assertThat(after.get(0).text()).contains("while away 0");
        assertThat(after.get(missed - 1).text()).contains("while away " + (missed - 1));
    }

    @Test
    void cutting_the_connections_mid_stream_loses_and_duplicates_nothing() throws Exception {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final TcpProxy bobLink = proxy();
        final TcpProxy aliceLink = proxy();
        final List<ChatMessage> bobInbox = Devices.inbox();
        client(bobLink.uri(), bob, bob + "-phone", SyncStore.inMemory(), bobInbox);
        final MissiveClient a = client(aliceLink.uri(), alice, alice + "-phone", SyncStore.inMemory(), Devices.inbox());

        final int total = 1_500;
        final List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            sends.add(a.sendText(bob, "m" + i));
            if (i == 300 || i == 900) {
                bobLink.cut();
            }
            if (i == 600 || i == 1200) {
                aliceLink.cut();
            }
        }
        // the sender's cut sends are resent from the outbox with the same clientMsgId
        CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).get(120, java.util.concurrent.TimeUnit.SECONDS);
        final List<Long> stored = sends.stream().map(f -> f.join().seq()).sorted().collect(Collectors.toList());
        assertThat(stored).containsExactlyElementsOf(range(1, total));
        assertThat(SERVER.stores().messages().latestSeq(Ids.directConversation(alice, bob)).join()).isEqualTo(total);

        await().atMost(Duration.ofSeconds(60)).until(() -> bobInbox.size() >= total);
        assertThat(seqs(bobInbox)).containsExactlyElementsOf(range(1, total));
    }

    @Test
    void two_devices_of_one_user_and_one_of_another_converge_under_concurrent_sends() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final List<ChatMessage> phone = Devices.inbox();
        final List<ChatMessage> laptop = Devices.inbox();
        final List<ChatMessage> bobs = Devices.inbox();
        final MissiveClient alicePhone = client(SERVER.mqttUri(), alice, alice + "-phone", SyncStore.inMemory(), phone);
        final MissiveClient aliceLaptop = client(SERVER.mqttUri(), alice, alice + "-laptop", SyncStore.inMemory(), laptop);
        final MissiveClient bobPhone = client(SERVER.mqttUri(), bob, bob + "-phone", SyncStore.inMemory(), bobs);

        final int each = 300;
        final List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            sends.add(alicePhone.sendText(bob, "phone " + i));
            sends.add(aliceLaptop.sendText(bob, "laptop " + i));
            sends.add(bobPhone.sendText(alice, "bob " + i));
        }
        CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).join();

        final int total = 3 * each;
        await().atMost(Duration.ofSeconds(60))
                .until(() -> phone.size() >= total && laptop.size() >= total && bobs.size() >= total);
        assertThat(seqs(phone)).containsExactlyElementsOf(range(1, total));
        final List<String> history = texts(phone);
        assertThat(texts(laptop)).containsExactlyElementsOf(history);
        assertThat(texts(bobs)).containsExactlyElementsOf(history);
    }

    private static List<String> texts(final List<ChatMessage> inbox) {
        synchronized (inbox) {
            return Collections.unmodifiableList(inbox.stream().map(m -> m.seq() + ":" + m.text().orElse(""))
                    .collect(Collectors.toList()));
        }
    }
}
