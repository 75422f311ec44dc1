package io.missive.server.e2e;

import io.missive.protocol.Ids;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.SendReceipt;
import io.missive.server.EndToEnd;
import io.missive.server.MissiveServer;
import io.missive.server.ServerConfig;
import io.missive.server.users.UserAccounts;
import io.missive.storage.MongoStores;
import io.missive.storage.message.NewMessage;
import io.missive.storage.sync.SyncEntry;
import io.missive.storage.user.PasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The embedded store keeps everything across a restart on the same data directory. */
@EndToEnd
class RestartEndToEndTest {

    @TempDir
    Path dataDir;

    private MissiveServer start() {
        return MissiveServer.start(ServerConfig.builder().dataDir(dataDir).mqttPort(0).mongoEmbeddedPort(0)
                .redisEmbeddedPort(0).httpPort(0).build());
    }

    private static MissiveClient client(final MissiveServer server, final String user, final String device,
                                        final String secret, final boolean token) {
        final var builder = MissiveClient.builder().serverUri(server.mqttUri()).userId(user).deviceId(device);
        final MissiveClient client = (token ? builder.token(secret) : builder.password(secret)).build();
        client.connect().join();
        return client;
    }

    private static MongoStores stores(final MissiveServer server) {
        return new MongoStores(server.mongoUri(), server.mongoDatabase(), ForkJoinPool.commonPool());
    }

    private static void createAliceAndBob(final MongoStores stores) {
        final UserAccounts accounts = new UserAccounts(stores, new PasswordHasher(1024, 1, 1), Runnable::run);
        assertThat(accounts.create("alice", "alice-secret", null).join()).isTrue();
        assertThat(accounts.create("bob", "bob-secret-1", null).join()).isTrue();
    }

    @Test
    void messages_users_and_device_tokens_survive_a_restart() {
        final List<SendReceipt> sent = new ArrayList<>();
        final String aliceToken;
        try (MissiveServer server = start()) {
            try (MongoStores stores = stores(server)) {
                createAliceAndBob(stores);
            }
            final MissiveClient alice = client(server, "alice", "alice-phone", "alice-secret", false);
            aliceToken = alice.deviceToken().orElseThrow();
            for (int i = 1; i <= 30; i++) {
                sent.add(alice.sendText("bob", "before restart " + i).join());
            }
            alice.close().join();
        }

        try (MissiveServer server = start()) {
            final MissiveClient alice = client(server, "alice", "alice-phone", aliceToken, true);
            final MissiveClient bob = client(server, "bob", "bob-phone", "bob-secret-1", false);
            final HistoryPage page = bob.history(Ids.directConversation("alice", "bob"), HistoryQuery.after(0, 100))
                    .join();
            assertThat(page.messages()).extracting(ChatMessage::messageId)
                    .containsExactlyElementsOf(sent.stream().map(SendReceipt::messageId).toList());
            assertThat(page.messages()).extracting(m -> m.text().orElse(""))
                    .startsWith("before restart 1").endsWith("before restart 30");
            assertThat(alice.sendText("bob", "after restart").join().seq()).isEqualTo(31);
            alice.close().join();
            bob.close().join();
        }
    }

    /**
     * A crash can leave a message stored (and acknowledged) whose entry into the recipients' sync
     * streams never happened. The next start must finish that before it admits any device: a message
     * sent after the restart would otherwise enter the streams first, and devices would see the
     * conversation out of order.
     */
    @Test
    void a_message_stored_but_not_fanned_out_is_in_the_streams_before_any_device_is_admitted() {
        final String conversation = Ids.directConversation("alice", "bob");
        final long bobVersionBefore;
        try (MissiveServer server = start()) {
            try (MongoStores stores = stores(server)) {
                createAliceAndBob(stores);
                final MissiveClient alice = client(server, "alice", "alice-phone", "alice-secret", false);
                alice.sendText("bob", "one").join();
                alice.sendText("bob", "two").join();
                alice.close().join();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> stores.syncStreams().latestVersion("bob").join() >= 2);
                bobVersionBefore = stores.syncStreams().latestVersion("bob").join();
                // what a crash between storing and fanning out leaves behind: seq 3, in no stream, and
                // the crashed server's fan-out checkpoint from before it
                stores.fanoutCheckpoints().record("crashed-server", System.currentTimeMillis()).join();
                assertThat(stores.messages().append(new NewMessage(conversation, "alice", "alice-phone",
                        "stored-before-crash", "three")).join().message().seq()).isEqualTo(3);
                assertThat(stores.syncStreams().latestVersion("bob").join()).isEqualTo(bobVersionBefore);
            }
        }

        try (MissiveServer server = start()) {
            // no waiting: by the time the server admits devices, seq 3 is in bob's stream
            try (MongoStores stores = stores(server)) {
                assertThat(stores.syncStreams().after("bob", bobVersionBefore, 10).join())
                        .extracting(SyncEntry::conversationId, SyncEntry::seq)
                        .containsExactly(tuple(conversation, 3L));
            }
            final MissiveClient bob = MissiveClient.builder().serverUri(server.mqttUri()).userId("bob")
                    .deviceId("bob-phone").password("bob-secret-1").build();
            final List<Long> received = new CopyOnWriteArrayList<>();
            bob.addMessageListener(message -> received.add(message.seq()));
            bob.connect().join();
            final MissiveClient alice = client(server, "alice", "alice-phone2", "alice-secret", false);
            assertThat(alice.sendText("bob", "four").join().seq()).isEqualTo(4);
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 4);
            assertThat(received).containsExactly(1L, 2L, 3L, 4L);
            alice.close().join();
            bob.close().join();
        }
    }
}
