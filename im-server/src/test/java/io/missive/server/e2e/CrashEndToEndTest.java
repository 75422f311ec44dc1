package io.missive.server.e2e;

import io.missive.server.EndToEnd;
import io.missive.protocol.Ids;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.SendReceipt;
import io.missive.sdk.SyncStore;
import io.missive.server.process.ServerProcess;
import io.missive.server.users.UserAccounts;
import io.missive.storage.MongoStores;
import io.missive.storage.user.PasswordHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server process is killed with SIGKILL in the middle of a stream of messages from several
 * senders, and started again on the same data: every acknowledged message is stored once, every
 * unacknowledged one is resent by its sender's SDK and stored once, and each recipient device
 * receives each message exactly once, in order.
 */
@EndToEnd
class CrashEndToEndTest {

    private static final String[] SENDERS = {"alice", "carol", "dave"};
    private static final int PER_SENDER = 700;

    @TempDir
    Path dataDir;

    private final List<MissiveClient> clients = new ArrayList<>();
    private ServerProcess server;

    @AfterEach
    void close() {
        clients.forEach(c -> c.close().join());
        if (server != null) {
            server.close();
        }
    }

    private MissiveClient client(final String user, final String device, final List<ChatMessage> inbox) {
        final MissiveClient client = MissiveClient.builder()
                .serverUri(server.mqttUri()).userId(user).deviceId(device).password(user + "-password")
                .syncStore(SyncStore.inMemory())
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(20))
                .build();
        client.addMessageListener(inbox::add);
        client.connect().join();
        clients.add(client);
        return client;
    }

    @Test
    void kill_9_during_a_stream_loses_nothing_acknowledged_and_duplicates_nothing() throws Exception {
        // three senders of 700 messages each as fast as they can: no per-device rate limit
        server = ServerProcess.builder(dataDir).config("limits.messages-per-second", "0").start();
        try (MongoStores stores = new MongoStores(server.mongoUri(), server.mongoDatabase(), Runnable::run)) {
            final UserAccounts accounts = new UserAccounts(stores, new PasswordHasher(1024, 1, 1), Runnable::run);
            for (final String user : List.of("alice", "carol", "dave", "bob")) {
                assertThat(accounts.create(user, user + "-password", null).get(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        final List<ChatMessage> bobPhone = Devices.inbox();
        final List<ChatMessage> bobTablet = Devices.inbox();
        client("bob", "bob-phone", bobPhone);
        client("bob", "bob-tablet", bobTablet);
        final Map<String, MissiveClient> senders = new HashMap<>();
        for (final String user : SENDERS) {
            senders.put(user, client(user, user + "-phone", Devices.inbox()));
        }

        final List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
        for (int i = 0; i < PER_SENDER; i++) {
            for (final String user : SENDERS) {
                sends.add(senders.get(user).sendText("bob", user + " " + i));
            }
        }
        // some acknowledged, most still in flight: kill the server process
        await().atMost(Duration.ofSeconds(60)).until(() -> sends.stream().filter(CompletableFuture::isDone).count() >= 200);
        final List<SendReceipt> ackedBeforeCrash = sends.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally())
                .map(CompletableFuture::join).collect(Collectors.toList());
        assertThat(server.kill9()).isEqualTo(137);
        assertThat(ackedBeforeCrash).isNotEmpty();
        server.restart();

        // the SDKs reconnect by themselves and resend what was not acknowledged
        CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).get(180, TimeUnit.SECONDS);
        final List<SendReceipt> receipts = sends.stream().map(CompletableFuture::join).collect(Collectors.toList());

        for (final String user : SENDERS) {
            final String conversation = Ids.directConversation(user, "bob");
            final List<ChatMessage> stored = history(senders.get(user), conversation);
            assertThat(stored).extracting(ChatMessage::seq).containsExactlyElementsOf(range(PER_SENDER));
            assertThat(stored).extracting(m -> m.text().orElse("")).doesNotHaveDuplicates().hasSize(PER_SENDER);
            assertThat(stored).extracting(ChatMessage::messageId).containsAll(receipts.stream()
                    .filter(r -> r.conversationId().equals(conversation)).map(SendReceipt::messageId)
                    .collect(Collectors.toList()));
        }
        assertThat(receipts.stream().map(SendReceipt::messageId).distinct().count()).isEqualTo(3L * PER_SENDER);
        for (final SendReceipt acked : ackedBeforeCrash) {
            assertThat(receipts).contains(acked);
        }

        final int total = 3 * PER_SENDER;
        await().atMost(Duration.ofSeconds(120)).until(() -> bobPhone.size() >= total && bobTablet.size() >= total);
        for (final List<ChatMessage> inbox : List.of(bobPhone, bobTablet)) {
            synchronized (inbox) {
                assertThat(inbox).hasSize(total);
                for (final String user : SENDERS) {
                    final String conversation = Ids.directConversation(user, "bob");
                    assertThat(inbox.stream().filter(m -> m.conversationId().equals(conversation))
                            .map(ChatMessage::seq).collect(Collectors.toList()))
                            .containsExactlyElementsOf(range(PER_SENDER));
                }
            }
        }
    }

    private static List<ChatMessage> history(final MissiveClient reader, final String conversation) {
        final List<ChatMessage> all = new ArrayList<>();
        long anchor = 0;
        HistoryPage page;
        do {
            page = reader.history(conversation, HistoryQuery.after(anchor, 100)).join();
            all.addAll(page.messages());
            if (!page.messages().isEmpty()) {
                anchor = page.messages().get(page.messages().size() - 1).seq();
            }
        } while (page.hasMore());
        return all;
    }

    private static List<Long> range(final int to) {
        return LongStream.rangeClosed(1, to).boxed().collect(Collectors.toList());
    }
}
