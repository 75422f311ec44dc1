package io.missive.server.e2e;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.SendReceipt;
import io.missive.sdk.SyncStore;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
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

/** A device beyond the stream's cap is told so and the SDK rebuilds from history. */
@EndToEnd
class RebuildEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c.set("sync.max-events-per-user", "50"));

    private static MissiveClient client(final String user, final String device, final SyncStore store,
                                        final List<ChatMessage> inbox) {
        final MissiveClient client = MissiveClient.builder().serverUri(SERVER.mqttUri()).userId(user)
                .deviceId(device).password(SERVER.password(user)).syncStore(store).build();
        client.addMessageListener(inbox::add);
        client.connect().join();
        return client;
    }

    @Test
    void a_device_too_far_behind_rebuilds_its_conversations_from_history() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final SyncStore store = SyncStore.inMemory();
        final List<ChatMessage> first = Devices.inbox();
        final MissiveClient bobPhone = client(bob, bob + "-phone", store, first);
        final MissiveClient a = client(alice, alice + "-phone", SyncStore.inMemory(), Devices.inbox());
        a.sendText(bob, "hello").join();
        await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 1);
        bobPhone.close().join();

        final List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sends.add(a.sendText(bob, "away " + i));
        }
        CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).join();

        final List<ChatMessage> rebuilt = Devices.inbox();
        final MissiveClient again = client(bob, bob + "-phone", store, rebuilt);
        again.whenSynced().join();
        await().atMost(Duration.ofSeconds(30)).until(() -> rebuilt.size() >= 200);
        assertThat(rebuilt).extracting(ChatMessage::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(2, 201).boxed().collect(Collectors.toList()));

        // live delivery continues after the rebuild, from the stream
        a.sendText(bob, "after rebuild").join();
        await().atMost(Duration.ofSeconds(10)).until(() -> rebuilt.size() == 201);
        assertThat(rebuilt.get(200).text()).contains("after rebuild");
        assertThat(rebuilt.get(200).syncVersion()).hasValue(202);
        again.close().join();
        a.close().join();
    }
}
