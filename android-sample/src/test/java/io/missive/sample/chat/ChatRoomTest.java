package io.missive.sample.chat;

import io.missive.server.EndToEnd;
import io.missive.sample.AgainstServer;
import io.missive.protocol.Ids;
import io.missive.sample.session.Session;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import io.missive.sdk.ReadState;
import io.missive.sdk.SendReceipt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@EndToEnd
class ChatRoomTest extends AgainstServer {

    private static List<String> texts(final ChatRoom room) {
        return room.lines().stream().map(ChatLine::text).collect(Collectors.toList());
    }

    @Test
    void the_room_shows_the_history_then_live_messages_in_seq_order_each_once() {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        final MissiveClient bobPhone = phones.device(bob, "phone");
        bobPhone.sendText(alice, "one").join();
        bobPhone.sendText(alice, "two").join();
        final Session phone = phones.signIn(alice);

        final ChatRoom room = phone.openConversation(Ids.directConversation(alice, bob));
        room.loadLatest().join();
        assertThat(texts(room)).containsExactly("one", "two");

        bobPhone.sendText(alice, "three").join();
        phone.client().sendText(bob, "four").join();
        room.loadLatest().join(); // history again: what live delivery brought is not doubled

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(texts(room)).containsExactly("one", "two", "three", "four"));
        assertThat(room.lines()).extracting(ChatLine::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(room.lines()).extracting(ChatLine::mine).containsExactly(false, false, false, true);
        assertThat(room.lines()).allSatisfy(line -> assertThat(line.state()).isEqualTo(ChatLine.State.STORED));
    }

    @Test
    void a_message_written_shows_at_once_then_is_stored_with_its_seq_and_reaches_the_peer() {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        final List<ChatMessage> bobReceived = new CopyOnWriteArrayList<>();
        final MissiveClient bobPhone = phones.device(bob, "phone");
        bobPhone.addMessageListener(bobReceived::add);
        final Session phone = phones.signIn(alice);
        final ChatRoom room = phone.openDirect(bob); // nobody wrote yet
        room.loadLatest().join();
        assertThat(room.lines()).isEmpty();
        final List<List<ChatLine>> shown = new CopyOnWriteArrayList<>();
        room.addListener(shown::add);

        final SendReceipt receipt = room.send("hello bob").join();

        assertThat(shown).anySatisfy(lines -> assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.state()).isEqualTo(ChatLine.State.SENDING);
            assertThat(line.text()).isEqualTo("hello bob");
        }));
        assertThat(room.lines()).singleElement().satisfies(line -> {
            assertThat(line.state()).isEqualTo(ChatLine.State.STORED);
            assertThat(line.seq()).isEqualTo(receipt.seq()).isEqualTo(1);
            assertThat(line.mine()).isTrue();
        });
        final String key = room.lines().get(0).key();
        assertThat(shown).allSatisfy(lines -> assertThat(lines).allSatisfy(l -> assertThat(l.key()).isEqualTo(key)));
        await().atMost(Duration.ofSeconds(10)).until(() -> bobReceived.size() == 1);
        assertThat(bobReceived.get(0).text()).contains("hello bob");
        assertThat(room.conversationId()).isEqualTo(bobReceived.get(0).conversationId());
    }

    @Test
    void older_pages_load_on_demand() {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        final MissiveClient bobPhone = phones.device(bob, "phone");
        for (int i = 1; i <= 35; i++) {
            bobPhone.sendText(alice, "m" + i);
        }
        bobPhone.sendText(alice, "m36").join();
        final Session phone = phones.signIn(alice);

        final ChatRoom room = phone.openConversation(Ids.directConversation(alice, bob));
        room.loadLatest().join();
        assertThat(room.lines()).extracting(ChatLine::seq).containsExactlyElementsOf(
                LongStream.rangeClosed(7, 36).boxed().collect(Collectors.toList()));
        assertThat(room.hasOlder()).isTrue();

        assertThat(room.loadOlder().join()).isFalse();
        assertThat(texts(room)).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 36).mapToObj(i -> "m" + i).collect(Collectors.toList()));
    }

    @Test
    void a_message_refused_for_good_stays_shown_as_failed() {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        phones.device(bob, "phone").blockUser(alice).join();
        final Session phone = phones.signIn(alice);
        final ChatRoom room = phone.openDirect(bob);

        assertThatThrownBy(() -> room.send("let me in").join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOCKED));
        assertThat(room.lines()).singleElement().satisfies(line -> {
            assertThat(line.state()).isEqualTo(ChatLine.State.FAILED);
            assertThat(line.text()).isEqualTo("let me in");
        });
    }

    @Test
    void marking_read_moves_the_read_position_to_the_newest_message_once() {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        final MissiveClient bobPhone = phones.device(bob, "phone");
        bobPhone.sendText(alice, "one").join();
        bobPhone.sendText(alice, "two").join();
        final Session phone = phones.signIn(alice);
        final ChatRoom room = phone.openConversation(Ids.directConversation(alice, bob));
        room.loadLatest().join();

        final Optional<ReadState> read = room.markRead().join();

        assertThat(read).hasValueSatisfying(state -> {
            assertThat(state.seq()).isEqualTo(2);
            assertThat(state.unread()).hasValue(0);
        });
        assertThat(room.markRead().join()).as("nothing new to mark").isEmpty();
        assertThat(bobPhone.readBy(room.conversationId(), 2).join()).containsExactly(alice);
        assertThat(phone.client().unreadCounts().join().total()).isZero();
    }

    @Test
    void a_closed_room_stops_following_the_conversation() {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        final MissiveClient bobPhone = phones.device(bob, "phone");
        final Session phone = phones.signIn(alice);
        final ChatRoom room = phone.openDirect(bob);
        room.loadLatest().join();
        final ChatRoom other = phone.openDirect(bob);
        room.close();

        bobPhone.sendText(alice, "after closing").join();

        await().atMost(Duration.ofSeconds(10)).until(() -> other.lines().size() == 1);
        assertThat(room.lines()).isEqualTo(Collections.emptyList());
    }
}
