package io.missive.server.e2e;

import io.missive.protocol.Ids;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.SendReceipt;
import io.missive.server.MissiveServer;
import io.missive.server.ServerConfig;
import io.missive.server.users.UserAccounts;
import io.missive.storage.MongoStores;
import io.missive.storage.user.PasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store keeps everything across a restart on the same data directory. */
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

    @Test
    void messages_users_and_device_tokens_survive_a_restart() {
        final List<SendReceipt> sent = new ArrayList<>();
        final String aliceToken;
        try (MissiveServer server = start()) {
            try (MongoStores stores = new MongoStores(server.mongoUri(), server.mongoDatabase(),
                    ForkJoinPool.commonPool())) {
                final UserAccounts accounts = new UserAccounts(stores, new PasswordHasher(1024, 1, 1), Runnable::run);
                assertThat(accounts.create("alice", "alice-secret", null).join()).isTrue();
                assertThat(accounts.create("bob", "bob-secret-1", null).join()).isTrue();
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
}
