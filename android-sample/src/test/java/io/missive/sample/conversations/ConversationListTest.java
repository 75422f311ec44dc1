package io.missive.sample.conversations;

import io.missive.server.EndToEnd;
import io.missive.sample.AgainstServer;
import io.missive.protocol.Ids;
import io.missive.sample.session.Session;
import io.missive.sdk.GroupInfo;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.OutgoingMessage;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@EndToEnd
class ConversationListTest extends AgainstServer {

    private static @NotNull Optional<ConversationRow> row(final @NotNull ConversationList list,
                                                          final @NotNull String conversationId) {
        return list.rows().stream().filter(r -> r.conversationId().equals(conversationId)).findFirst();
    }

    private static void awaitUnread(final @NotNull ConversationList list, final @NotNull String conversationId,
                                    final long unread) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(row(list, conversationId)).hasValueSatisfying(r -> assertThat(r.unread()).isEqualTo(unread)));
    }

    @Test
    void badges_count_what_arrived_while_away_then_live_messages_and_clear_when_read() {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        final MissiveClient bobPhone = phones.device(bob, "phone");
        for (int i = 1; i <= 3; i++) {
            bobPhone.sendText(alice, "while you were away " + i).join();
        }
        final String direct = Ids.directConversation(alice, bob);

        final Session phone = phones.signIn(alice);
        final ConversationList list = phone.conversations();
        awaitUnread(list, direct, 3);
        assertThat(row(list, direct)).hasValueSatisfying(r -> {
            assertThat(r.title()).isEqualTo(bob);
            assertThat(r.preview()).isEqualTo("while you were away 3");
            assertThat(r.group()).isFalse();
        });

        bobPhone.sendText(alice, "and now").join();
        awaitUnread(list, direct, 4);
        assertThat(list.totalUnread()).isEqualTo(4);
        assertThat(row(list, direct).orElseThrow().preview()).isEqualTo("and now");

        phone.openConversation(direct).loadLatest().join();
        assertThat(phone.client().markRead(direct, 4).join().unread()).hasValue(0);
        awaitUnread(list, direct, 0);
        assertThat(list.totalUnread()).isZero();
    }

    @Test
    void reading_on_another_device_of_the_user_clears_the_badge_here() {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        final Session phone = phones.signIn(alice);
        final MissiveClient bobPhone = phones.device(bob, "phone");
        bobPhone.sendText(alice, "one").join();
        bobPhone.sendText(alice, "two").join();
        final String direct = Ids.directConversation(alice, bob);
        awaitUnread(phone.conversations(), direct, 2);

        phones.device(alice, "laptop").markRead(direct, 2).join();

        awaitUnread(phone.conversations(), direct, 0);
    }

    @Test
    void the_users_own_messages_from_another_device_are_listed_but_not_unread() {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        final Session phone = phones.signIn(alice);

        phones.device(alice, "laptop").sendText(bob, "sent from the laptop").join();

        final String direct = Ids.directConversation(alice, bob);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(row(phone.conversations(), direct)).hasValueSatisfying(r -> {
                    assertThat(r.preview()).isEqualTo("sent from the laptop");
                    assertThat(r.title()).isEqualTo(bob);
                }));
        assertThat(row(phone.conversations(), direct).orElseThrow().unread()).isZero();
        assertThat(phone.conversations().totalUnread()).isZero();
    }

    @Test
    void the_latest_activity_comes_first_and_groups_show_their_name() {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        final String carol = server.createUser("carol");
        final Session phone = phones.signIn(alice);
        final ConversationList list = phone.conversations();
        final MissiveClient bobPhone = phones.device(bob, "phone");
        final MissiveClient carolPhone = phones.device(carol, "phone");
        final String direct = Ids.directConversation(alice, bob);
        bobPhone.sendText(alice, "first").join();
        awaitUnread(list, direct, 1);

        final GroupInfo trip = carolPhone.createGroup("Trip to Rome", List.of(alice, bob), false).join();
        carolPhone.send(OutgoingMessage.toConversation(trip.conversationId()).text("tickets?").build())
                .join();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(list.rows()).extracting(ConversationRow::conversationId)
                    .containsExactly(trip.conversationId(), direct);
            assertThat(list.rows().get(0).title()).isEqualTo("Trip to Rome");
            assertThat(list.rows().get(0).group()).isTrue();
            assertThat(list.rows().get(0).preview()).isEqualTo("tickets?");
            // the message; the group's creation counts as read by the members it made
            assertThat(list.rows().get(0).unread()).isEqualTo(1);
        });
        // the server's counters of group messages are written every counters.flush-ms
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(phone.client().unreadCounts().join().count(trip.conversationId())).isEqualTo(1));

        bobPhone.sendText(alice, "second").join();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(list.rows()).extracting(ConversationRow::conversationId)
                        .containsExactly(direct, trip.conversationId()));
        awaitUnread(list, direct, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> list.totalUnread() == 3);
    }

    @Test
    void a_listener_hears_every_change_with_the_total() {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        final Session phone = phones.signIn(alice);
        final List<Long> totals = new CopyOnWriteArrayList<>();
        phone.conversations().addListener((rows, total) -> totals.add(total));

        phones.device(bob, "phone").sendText(alice, "hi").join();

        await().atMost(Duration.ofSeconds(10)).until(() -> totals.contains(1L));
        assertThat(totals.get(0)).as("told the current total at once").isZero();
    }
}
