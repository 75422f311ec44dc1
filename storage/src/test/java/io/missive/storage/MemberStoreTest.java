package io.missive.storage;

import io.missive.protocol.Ids;
import io.missive.storage.conversation.ConversationRecord;
import io.missive.storage.conversation.MemberStore;
import io.missive.storage.conversation.Membership;
import io.missive.storage.conversation.Participants;
import io.missive.storage.message.GroupEvent;
import io.missive.storage.message.MessageLog;
import io.missive.storage.message.NewMessage;
import io.missive.storage.message.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class MemberStoreTest {

    private static final String GROUP = "g:abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path dir;
    private EmbeddedMongo mongo;
    private MemberStore members;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo(dir);
        members = mongo.stores().members();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private Membership of(final String user) {
        return members.find(GROUP, user).join().orElseThrow();
    }

    @Test
    void changes_applied_twice_or_out_of_order_end_in_the_newest_state() {
        // seq 1 creates with ann and ben, seq 3 removes ben, seq 5 adds him again: applied 5, 1, 3, 3
        members.join(GROUP, Map.of("ben", Membership.MEMBER), 5, 5_000).join();
        members.join(GROUP, Map.of("ann", Membership.OWNER, "ben", Membership.MEMBER), 1, 1_000).join();
        members.depart(GROUP, List.of("ben"), 3).join();
        members.depart(GROUP, List.of("ben"), 3).join();

        assertThat(of("ben").active()).isTrue();
        assertThat(of("ben").joinedSeq()).isEqualTo(5);
        assertThat(of("ann").role()).isEqualTo(Membership.OWNER);
        assertThat(members.activeIds(GROUP).join()).containsExactlyInAnyOrder("ann", "ben");

        members.depart(GROUP, List.of("ben"), 7).join();
        assertThat(of("ben").active()).isFalse();
        assertThat(of("ben").visibleThrough()).isEqualTo(7);
        // a role change older than the last one is ignored
        members.setRole(GROUP, "ann", Membership.ADMIN, 9).join();
        members.setRole(GROUP, "ann", Membership.OWNER, 8).join();
        assertThat(of("ann").role()).isEqualTo(Membership.ADMIN);
    }

    @Test
    void the_conversation_list_pages_by_activity_and_touch_moves_a_conversation_up() {
        for (int i = 0; i < 7; i++) {
            members.join("g:conv" + i + "aaaaaaaaaaaaaaaaaaaa", Map.of("cy", Membership.MEMBER), 1, 1_000L * (i + 1)).join();
        }
        final List<String> firstPage = ids(members.conversationsOf("cy", null, "", 3).join());
        assertThat(firstPage).containsExactly("g:conv6aaaaaaaaaaaaaaaaaaaa", "g:conv5aaaaaaaaaaaaaaaaaaaa",
                "g:conv4aaaaaaaaaaaaaaaaaaaa");
        final List<String> secondPage = ids(members.conversationsOf("cy", new Date(5_000), "g:conv4aaaaaaaaaaaaaaaaaaaa",
                3).join());
        assertThat(secondPage).containsExactly("g:conv3aaaaaaaaaaaaaaaaaaaa", "g:conv2aaaaaaaaaaaaaaaaaaaa",
                "g:conv1aaaaaaaaaaaaaaaaaaaa");

        members.touch("g:conv0aaaaaaaaaaaaaaaaaaaa", 9_000).join();
        members.touch("g:conv0aaaaaaaaaaaaaaaaaaaa", 8_000).join();
        assertThat(ids(members.conversationsOf("cy", null, "", 1).join()))
                .containsExactly("g:conv0aaaaaaaaaaaaaaaaaaaa");
        assertThat(members.conversationsOf("cy", null, "", 1).join().get(0).activityAtMs()).isEqualTo(9_000);
    }

    @Test
    void touching_a_direct_conversation_moves_it_up_both_lists_and_never_back() {
        final String direct = Ids.directConversation("dx", "dy");
        members.ensureDirect(direct, List.of("dx", "dy")).join();
        members.join("g:otheraaaaaaaaaaaaaaaaaaaa", Map.of("dx", Membership.MEMBER, "dy", Membership.MEMBER), 1,
                System.currentTimeMillis() + 60_000).join();

        final long later = System.currentTimeMillis() + 120_000;
        members.touch(direct, later).join();
        members.touch(direct, later - 1_000).join();

        for (final String user : List.of("dx", "dy")) {
            final List<Membership> list = members.conversationsOf(user, null, "", 2).join();
            assertThat(ids(list)).as(user).containsExactly(direct, "g:otheraaaaaaaaaaaaaaaaaaaa");
            assertThat(list.get(0).activityAtMs()).isEqualTo(later);
        }
    }

    @Test
    void history_pages_respect_a_members_window_and_the_latest_message_only_moves_forward() {
        final MessageLog log = mongo.stores().messages();
        log.append(NewMessage.groupEvent(GROUP, "ann", "ann-phone", "create",
                new GroupEvent(GroupEvent.CREATED, List.of("ann"), "Window", "", ""))).join();
        for (int i = 2; i <= 10; i++) {
            log.append(new NewMessage(GROUP, "ann", "ann-phone", "m" + i, "text " + i)).join();
        }
        // a member who joined at 4 and left at 8
        assertThat(seqs(log.page(GROUP, false, 0, 100, 3, 8).join())).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(seqs(log.page(GROUP, true, 0, 2, 3, 8).join())).containsExactly(7L, 8L);
        assertThat(seqs(log.page(GROUP, true, 5, 100, 3, 8).join())).containsExactly(4L);
        assertThat(log.page(GROUP, false, 6, 1, 3, 8).join().hasMore()).isTrue();
        assertThat(log.page(GROUP, false, 7, 1, 3, 8).join().hasMore()).isFalse();
        assertThat(log.find(GROUP, 1).join().orElseThrow().change().kind()).isEqualTo(GroupEvent.CREATED);

        mongo.stores().conversations().createGroup(GROUP, "Window", "ann", 1).join();
        final StoredMessage ten = log.find(GROUP, 10).join().orElseThrow();
        final StoredMessage nine = log.find(GROUP, 9).join().orElseThrow();
        mongo.stores().conversations().recordLast(ten).join();
        mongo.stores().conversations().recordLast(nine).join();
        final ConversationRecord record = mongo.stores().conversations().find(GROUP).join().orElseThrow();
        assertThat(record.lastSeq()).isEqualTo(10);
        assertThat(record.lastMessage().text()).isEqualTo("text 10");
    }

    @Test
    void the_participants_hash_ignores_order_and_repeats() {
        assertThat(Participants.hash(List.of("b", "a", "c"))).isEqualTo(Participants.hash(List.of("c", "b", "a", "a")))
                .isNotEqualTo(Participants.hash(List.of("a", "b")));
        // the separator keeps ("ab", "c") apart from ("a", "bc")
        assertThat(Participants.hash(List.of("ab", "c"))).isNotEqualTo(Participants.hash(List.of("a", "bc")));
    }

    private static List<String> ids(final List<Membership> rows) {
        return rows.stream().map(Membership::conversationId).collect(Collectors.toList());
    }

    private static List<Long> seqs(final MessageLog.Page page) {
        return page.messages().stream().map(StoredMessage::seq).collect(Collectors.toList());
    }

    @Test
    void concurrent_settings_changes_each_get_a_revision_of_their_own() {
        members.join(GROUP, Map.of("ann", Membership.OWNER), 1, 1_000).join();
        final int changes = 200;
        final List<CompletableFuture<Optional<Membership>>> updates = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            updates.add(members.updateSettings(GROUP, "ann", i % 2 == 0, "label-" + i));
        }
        final List<Long> revisions = updates.stream().map(u -> u.join().orElseThrow().settingsRev())
                .collect(Collectors.toList());
        // the revision keys the user's sync entry for the change: a shared one would drop an entry
        assertThat(revisions).doesNotHaveDuplicates();
        assertThat(revisions).allSatisfy(rev -> assertThat(rev).isBetween(1L, (long) changes));
        assertThat(of("ann").settingsRev()).isEqualTo(changes);
    }
}
