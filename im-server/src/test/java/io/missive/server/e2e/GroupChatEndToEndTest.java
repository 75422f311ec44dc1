package io.missive.server.e2e;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.GroupChange;
import io.missive.sdk.GroupInfo;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Groups through the SDK: concurrent senders on several devices converge; joins and removals. */
@EndToEnd
@SharesServer
class GroupChatEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.shared();

    private final List<MissiveClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(c -> c.close().join());
    }

    private MissiveClient client(final String user, final String device, final SyncStore store,
                                 final List<ChatMessage> inbox) {
        final MissiveClient client = MissiveClient.builder().serverUri(SERVER.mqttUri()).userId(user)
                .deviceId(device).password(SERVER.password(user)).syncStore(store).build();
        client.addMessageListener(inbox::add);
        client.connect().join();
        clients.add(client);
        return client;
    }

    private static List<Long> seqsIn(final List<ChatMessage> inbox, final String group) {
        synchronized (inbox) {
            return inbox.stream().filter(m -> m.conversationId().equals(group)).map(ChatMessage::seq)
                    .collect(Collectors.toList());
        }
    }

    private static List<Long> range(final long from, final long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void three_users_on_five_devices_send_concurrently_and_every_device_converges() {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        final String carol = SERVER.createUser("carol");
        final List<List<ChatMessage>> inboxes = new ArrayList<>();
        final List<MissiveClient> devices = new ArrayList<>();
        for (final String[] d : new String[][]{{alice, "phone"}, {alice, "laptop"}, {bob, "phone"}, {bob, "tablet"},
                {carol, "phone"}}) {
            final List<ChatMessage> inbox = Devices.inbox();
            inboxes.add(inbox);
            devices.add(client(d[0], d[0] + "-" + d[1], SyncStore.inMemory(), inbox));
        }
        final GroupInfo group = devices.get(0).createGroup("Weekend", List.of(bob, carol), false).join();
        final String id = group.conversationId();
        assertThat(group.changeSeq()).hasValue(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(inboxes.stream()
                .map(i -> seqsIn(i, id)).collect(Collectors.toList()))
                .as("group %s created: every device's seqs", id).allSatisfy(seqs -> assertThat(seqs).contains(1L)));

        final int perDevice = 40;
        final List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
        for (int i = 0; i < perDevice; i++) {
            for (int d = 0; d < devices.size(); d++) {
                sends.add(devices.get(d).send(OutgoingMessage.toConversation(id).text("d" + d + " #" + i).build()));
            }
        }
        CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).join();
        final long last = 1 + (long) perDevice * devices.size();
        assertThat(sends.stream().map(s -> s.join().seq()).sorted().collect(Collectors.toList()))
                .containsExactlyElementsOf(range(2, last));

        // every device got every message exactly once, in seq order
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (final List<ChatMessage> inbox : inboxes) {
                assertThat(seqsIn(inbox, id)).containsExactlyElementsOf(range(1, last));
            }
        });
        final List<String> texts = inboxes.get(0).stream().filter(m -> m.conversationId().equals(id))
                .map(m -> m.text().orElse("")).collect(Collectors.toList());
        for (final List<ChatMessage> inbox : inboxes) {
            assertThat(inbox.stream().filter(m -> m.conversationId().equals(id)).map(m -> m.text().orElse("")))
                    .containsExactlyElementsOf(texts);
        }
    }

    @Test
    void a_later_member_sees_only_later_messages_and_a_removed_one_nothing_after_removal() {
        final String owner = SERVER.createUser("owner");
        final String early = SERVER.createUser("early");
        final String late = SERVER.createUser("late");
        final List<ChatMessage> ownerInbox = Devices.inbox();
        final List<ChatMessage> earlyInbox = Devices.inbox();
        final List<ChatMessage> lateInbox = Devices.inbox();
        final MissiveClient ownerClient = client(owner, owner + "-phone", SyncStore.inMemory(), ownerInbox);
        final MissiveClient earlyClient = client(early, early + "-phone", SyncStore.inMemory(), earlyInbox);
        final MissiveClient lateClient = client(late, late + "-phone", SyncStore.inMemory(), lateInbox);

        final String id = ownerClient.createGroup("Book club", List.of(early), false).join().conversationId();
        for (int i = 0; i < 5; i++) {
            ownerClient.send(OutgoingMessage.toConversation(id).text("before " + i).build()).join();
        }
        final long joinSeq = ownerClient.addMembers(id, List.of(late)).join().changeSeq().orElseThrow();
        assertThat(joinSeq).isEqualTo(7);
        for (int i = 0; i < 3; i++) {
            earlyClient.send(OutgoingMessage.toConversation(id).text("after " + i).build()).join();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(seqsIn(lateInbox, id)).containsExactly(7L, 8L, 9L, 10L));
        final ChatMessage joined = lateInbox.stream().filter(m -> m.seq() == 7).findFirst().orElseThrow();
        assertThat(joined.change().map(GroupChange::kind)).hasValue(GroupChange.Kind.MEMBERS_ADDED);
        assertThat(joined.change().orElseThrow().isJoinOf(late)).isTrue();

        final long removal = ownerClient.removeMembers(id, List.of(early)).join().changeSeq().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> seqsIn(earlyInbox, id).contains(removal));
        ownerClient.send(OutgoingMessage.toConversation(id).text("without early").build()).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> seqsIn(lateInbox, id).contains(removal + 1));

        assertThat(seqsIn(earlyInbox, id)).containsExactlyElementsOf(range(1, removal));
        assertThatThrownBy(() -> earlyClient.send(OutgoingMessage.toConversation(id).text("let me back").build()).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(MissiveException.class)
                .satisfies(e -> assertThat(((MissiveException) e).code()).isEqualTo(ErrorCode.NOT_A_MEMBER));
        assertThat(earlyClient.listConversations(null, 50).join().conversations())
                .extracting(ConversationSummary::conversationId).doesNotContain(id);
        assertThat(lateClient.listConversations(null, 50).join().conversations())
                .extracting(ConversationSummary::conversationId).contains(id);
    }

    @Test
    void a_member_offline_for_a_while_catches_up_in_order_on_reconnect() {
        final String talker = SERVER.createUser("talker");
        final String sleeper = SERVER.createUser("sleeper");
        final MissiveClient talkerClient = client(talker, talker + "-phone", SyncStore.inMemory(), Devices.inbox());
        final SyncStore sleeperStore = SyncStore.inMemory();
        final List<ChatMessage> firstRun = Devices.inbox();
        final MissiveClient sleeperClient = client(sleeper, sleeper + "-phone", sleeperStore, firstRun);
        final String id = talkerClient.createGroup("Night shift", List.of(sleeper), false).join().conversationId();
        talkerClient.send(OutgoingMessage.toConversation(id).text("still up?").build()).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> seqsIn(firstRun, id).equals(List.of(1L, 2L)));
        sleeperClient.close().join();
        clients.remove(sleeperClient);

        for (int i = 0; i < 150; i++) {
            talkerClient.send(OutgoingMessage.toConversation(id).text("while you slept " + i).build()).join();
        }
        final List<ChatMessage> secondRun = Devices.inbox();
        final MissiveClient again = client(sleeper, sleeper + "-phone", sleeperStore, secondRun);
        again.whenSynced().join();
        assertThat(seqsIn(secondRun, id)).containsExactlyElementsOf(range(3, 152));
    }
}
