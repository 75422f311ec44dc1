package io.missive.server.e2e;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.Contact;
import io.missive.sdk.ContactState;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.Presence;
import io.missive.sdk.ReadState;
import io.missive.sdk.SendReceipt;
import io.missive.sdk.SyncStore;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Unread counts, read ticks, contacts and presence through the SDK, against the real server. */
@Tag("redis")
@EndToEnd
class UserStateEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c.set("counters.flush-ms", "50")
            .set("presence.debounce-ms", "200"));

    private final List<MissiveClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(c -> c.close().join());
    }

    private MissiveClient client(final String user, final String device) {
        final MissiveClient client = MissiveClient.builder().serverUri(SERVER.mqttUri()).userId(user)
                .deviceId(device).password(SERVER.password(user)).syncStore(SyncStore.inMemory()).build();
        clients.add(client);
        return client;
    }

    @Test
    void counts_fall_with_mark_read_and_the_sender_sees_the_read_tick() {
        final String ann = SERVER.createUser("ann");
        final String ben = SERVER.createUser("ben");
        final MissiveClient annPhone = client(ann, ann + "-phone");
        final List<ReadState> ticks = Collections.synchronizedList(new ArrayList<>());
        annPhone.addReadListener(ticks::add);
        annPhone.connect().join();
        final MissiveClient benPhone = client(ben, ben + "-phone");
        final List<ChatMessage> inbox = Devices.inbox();
        benPhone.addMessageListener(inbox::add);
        benPhone.connect().join();

        SendReceipt last = null;
        for (int i = 0; i < 4; i++) {
            last = annPhone.sendText(ben, "news " + i).join();
        }
        final String conversation = last.conversationId();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(benPhone.unreadCounts().join().count(conversation)).isEqualTo(4);
            assertThat(benPhone.unreadCounts().join().total()).isEqualTo(4);
        });
        assertThat(annPhone.unreadCounts().join().total()).as("own messages are read").isZero();

        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 4);
        final ReadState read = benPhone.markRead(inbox.get(2)).join();
        assertThat(read.seq()).isEqualTo(3);
        assertThat(read.unread()).hasValue(1);
        assertThat(benPhone.unreadCounts().join().total()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.stream()
                .anyMatch(t -> t.userId().equals(ben) && t.seq() == 3 && t.conversationId().equals(conversation)));
        assertThat(annPhone.readBy(conversation, 3).join()).containsExactly(ben);
        assertThat(annPhone.readBy(conversation, 4).join()).isEmpty();
    }

    @Test
    void contacts_follow_each_others_presence_and_the_sdk_follows_again_after_reconnecting() {
        final String cy = SERVER.createUser("cy");
        final String dee = SERVER.createUser("dee");
        final MissiveClient cyPhone = client(cy, cy + "-phone");
        final List<Contact> cyContacts = Collections.synchronizedList(new ArrayList<>());
        final List<Presence> seen = Collections.synchronizedList(new ArrayList<>());
        cyPhone.addContactListener(cyContacts::add);
        cyPhone.addPresenceListener(seen::add);
        cyPhone.connect().join();
        final MissiveClient deePhone = client(dee, dee + "-phone");
        deePhone.connect().join();

        assertThat(cyPhone.requestContact(dee).join().state()).isEqualTo(ContactState.REQUEST_SENT);
        assertThat(deePhone.acceptContact(cy).join().state()).isEqualTo(ContactState.ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> cyContacts.stream()
                .anyMatch(c -> c.userId().equals(dee) && c.state() == ContactState.ACCEPTED));
        assertThat(cyPhone.listContacts().join()).extracting(Contact::userId).containsExactly(dee);

        // dee is online once the debounce has passed
        await().atMost(Duration.ofSeconds(10)).until(() ->
                cyPhone.subscribePresence(List.of(dee)).join().get(0).online());

        deePhone.close().join();
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream()
                .anyMatch(p -> p.userId().equals(dee) && !p.online() && p.lastSeen().isPresent()));

        // cy's connection drops and comes back: the SDK follows dee again by itself
        cyPhone.disconnect().join();
        seen.clear();
        cyPhone.connect().join();
        final MissiveClient deeAgain = client(dee, dee + "-laptop");
        deeAgain.connect().join();
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream()
                .anyMatch(p -> p.userId().equals(dee) && p.online()));
    }
}
