package io.missive.sdk.internal;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.PresenceList;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.Contact;
import io.missive.sdk.ContactState;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Presence;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The presence subscriptions the client remembers across connections. The server is a fake whose
 * answers the tests give; timers run on a manual clock.
 */
class PresenceSubscriptionsTest {

    static {
        Logger.getLogger(PresenceSubscriptions.class.getName()).setLevel(Level.OFF);
    }

    /** One request and the future the test completes. */
    private static final class Call {
        private final Uplink uplink;
        private final CompletableFuture<Reply> answer = new CompletableFuture<>();

        private Call(final Uplink uplink) {
            this.uplink = uplink;
        }

        private List<String> subscribed() {
            assertThat(uplink.getBodyCase()).isEqualTo(Uplink.BodyCase.SUBSCRIBE_PRESENCE);
            return uplink.getSubscribePresence().getUserIdsList();
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ManualTimers timers = new ManualTimers();
    /** The states handed to the presence listeners. */
    private final List<Presence> told = new CopyOnWriteArrayList<>();
    private final PresenceSubscriptions presence = new PresenceSubscriptions(uplink -> {
        final Call call = new Call(uplink);
        calls.add(call);
        return call.answer;
    }, timers, new Backoff(500, 30_000, () -> 0.0), Runnable::run, told::add);

    private static Reply states(final Presence... states) {
        final PresenceList.Builder list = PresenceList.newBuilder();
        for (final Presence state : states) {
            list.addPresence(io.missive.protocol.v1.Presence.newBuilder().setUserId(state.userId())
                    .setOnline(state.online()).setLastSeenMs(state.lastSeen().map(Instant::toEpochMilli).orElse(0L)));
        }
        return Reply.newBuilder().setPresence(list).build();
    }

    private static Reply error(final io.missive.protocol.v1.ErrorCode code) {
        return Reply.newBuilder().setError(Error.newBuilder().setCode(code)).build();
    }

    private static Presence online(final String userId) {
        return Presence.of(userId, true, null);
    }

    private static Presence offline(final String userId, final long lastSeenMs) {
        return Presence.of(userId, false, Instant.ofEpochMilli(lastSeenMs));
    }

    private Call last() {
        return calls.get(calls.size() - 1);
    }

    /** Follows these users: subscribes on the current connection and answers that all are online. */
    private void follow(final String... userIds) {
        final CompletableFuture<List<Presence>> subscribed = presence.subscribe(List.of(userIds));
        last().answer.complete(states(java.util.Arrays.stream(userIds).map(PresenceSubscriptionsTest::online)
                .toArray(Presence[]::new)));
        assertThat(subscribed).isCompleted();
    }

    private void reconnect() {
        presence.disconnected();
        presence.connected();
    }

    @Test
    void a_subscription_answers_the_current_states_and_is_renewed_after_every_reconnect() {
        presence.connected();
        final CompletableFuture<List<Presence>> subscribed = presence.subscribe(List.of("bob", "carol"));
        assertThat(last().subscribed()).containsExactly("bob", "carol");
        last().answer.complete(states(online("bob"), offline("carol", 5_000)));

        assertThat(subscribed.join()).containsExactly(online("bob"), offline("carol", 5_000));
        assertThat(told).isEmpty(); // the caller has them
        assertThat(presence.followed()).containsExactly("bob", "carol");

        reconnect();
        assertThat(calls).hasSize(2);
        assertThat(last().subscribed()).containsExactly("bob", "carol");
        last().answer.complete(states(offline("bob", 7_000), online("carol")));
        assertThat(told).containsExactly(offline("bob", 7_000), online("carol"));

        reconnect();
        assertThat(calls).hasSize(3);
        assertThat(last().subscribed()).containsExactly("bob", "carol");
        last().answer.complete(states(offline("bob", 7_000), online("carol")));
        assertThat(told).hasSize(4);
        assertThat(presence.followed()).containsExactly("bob", "carol");
    }

    @Test
    void nothing_is_sent_after_a_reconnect_while_nobody_is_followed() {
        presence.connected();
        reconnect();
        timers.advance(60_000);

        assertThat(calls).isEmpty();
    }

    @Test
    void a_refused_subscription_is_not_remembered() {
        final CompletableFuture<List<Presence>> subscribed = presence.subscribe(List.of("mallory"));
        last().answer.complete(error(io.missive.protocol.v1.ErrorCode.NOT_A_CONTACT));

        assertThatThrownBy(subscribed::join).cause().isInstanceOfSatisfying(MissiveException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_CONTACT));
        reconnect();
        assertThat(calls).hasSize(1);
        assertThat(presence.followed()).isEmpty();
    }

    @Test
    void a_subscription_without_answer_is_not_remembered() {
        final CompletableFuture<List<Presence>> subscribed = presence.subscribe(List.of("bob"));
        last().answer.completeExceptionally(new MissiveException(ErrorCode.NOT_CONNECTED, "connection lost"));

        assertThat(subscribed).isCompletedExceptionally();
        assertThat(presence.followed()).isEmpty();
    }

    @Test
    void only_users_whose_state_the_answer_holds_are_followed() {
        presence.subscribe(List.of("bob", "carol"));
        last().answer.complete(states(online("bob")));

        assertThat(presence.followed()).containsExactly("bob");
    }

    @Test
    void unsubscribing_forgets_at_once_and_without_a_connection_only_forgets() {
        follow("bob", "carol", "dave");

        final CompletableFuture<Void> connected = presence.unsubscribe(List.of("bob"));
        assertThat(last().uplink.getUnsubscribePresence().getUserIdsList()).containsExactly("bob");
        assertThat(presence.followed()).containsExactly("carol", "dave");
        last().answer.complete(states());
        assertThat(connected).isCompleted();

        presence.disconnected();
        final CompletableFuture<Void> offline = presence.unsubscribe(List.of("dave"));
        last().answer.completeExceptionally(new MissiveException(ErrorCode.NOT_CONNECTED, "not connected"));
        assertThat(offline).isCompleted();
        assertThat(offline.join()).isNull();

        presence.connected();
        assertThat(last().subscribed()).containsExactly("carol");
    }

    @Test
    void an_unsubscription_reports_other_failures_but_forgets_anyway() {
        follow("bob");
        final CompletableFuture<Void> unsubscribed = presence.unsubscribe(List.of("bob"));
        last().answer.completeExceptionally(new MissiveException(ErrorCode.TIMEOUT, "no reply"));

        assertThatThrownBy(unsubscribed::join).cause().isInstanceOfSatisfying(MissiveException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(presence.followed()).isEmpty();
    }

    @Test
    void an_unsubscription_while_a_subscription_waits_for_its_answer_wins() {
        final CompletableFuture<List<Presence>> subscribed = presence.subscribe(List.of("bob", "carol"));
        final Call subscription = last();
        presence.unsubscribe(List.of("bob"));
        subscription.answer.complete(states(online("bob"), online("carol")));

        assertThat(subscribed.join()).hasSize(2);
        assertThat(presence.followed()).containsExactly("carol");
    }

    @Test
    void a_refused_renewal_subscribes_each_user_alone_and_forgets_those_refused() {
        follow("bob", "carol", "dave");

        reconnect();
        last().answer.complete(error(io.missive.protocol.v1.ErrorCode.NOT_A_CONTACT));
        assertThat(calls).hasSize(5);
        assertThat(calls.subList(2, 5).stream().map(Call::subscribed).collect(Collectors.toList()))
                .containsExactly(List.of("bob"), List.of("carol"), List.of("dave"));
        calls.get(2).answer.complete(states(online("bob")));
        calls.get(3).answer.complete(error(io.missive.protocol.v1.ErrorCode.NOT_A_CONTACT));
        calls.get(4).answer.complete(states(offline("dave", 3_000)));

        assertThat(told).containsExactly(online("bob"), offline("dave", 3_000));
        assertThat(presence.followed()).containsExactly("bob", "dave");

        reconnect();
        assertThat(last().subscribed()).containsExactly("bob", "dave");
    }

    @Test
    void a_renewal_that_fails_in_a_way_worth_retrying_is_retried_with_backoff_while_the_connection_lasts() {
        follow("bob");

        reconnect();
        last().answer.completeExceptionally(new MissiveException(ErrorCode.TIMEOUT, "no reply"));
        timers.advance(249);
        assertThat(calls).hasSize(2);
        timers.advance(1);
        assertThat(calls).hasSize(3);
        last().answer.complete(error(io.missive.protocol.v1.ErrorCode.INTERNAL));
        timers.advance(500);
        assertThat(calls).hasSize(4);
        last().answer.complete(states(online("bob")));
        assertThat(told).containsExactly(online("bob"));

        reconnect();
        last().answer.completeExceptionally(new MissiveException(ErrorCode.INTERNAL, "store down"));
        presence.disconnected();
        timers.advance(60_000);
        assertThat(calls).hasSize(5);
    }

    @Test
    void a_renewal_cut_off_by_a_lost_connection_is_left_to_the_next_connection() {
        follow("bob");

        reconnect();
        last().answer.completeExceptionally(new MissiveException(ErrorCode.NOT_CONNECTED, "connection lost"));
        timers.advance(60_000);
        assertThat(calls).hasSize(2);
        assertThat(presence.followed()).containsExactly("bob");

        reconnect();
        assertThat(calls).hasSize(3);
        assertThat(last().subscribed()).containsExactly("bob");
    }

    @Test
    void a_renewed_state_is_skipped_when_a_live_change_was_delivered_after_the_renewal_went_out() {
        follow("bob", "carol");
        presence.deliveredLive(offline("bob", 1_000)); // before the renewal: older than its answer

        reconnect();
        presence.deliveredLive(offline("carol", 2_000)); // after it: at least as new as the answer
        last().answer.complete(states(online("bob"), online("carol")));

        assertThat(told).containsExactly(online("bob"));
    }

    @Test
    void users_the_server_leaves_out_of_a_renewal_are_no_longer_followed() {
        follow("bob", "carol");

        reconnect();
        last().answer.complete(states(online("carol")));

        assertThat(presence.followed()).containsExactly("carol");
        assertThat(told).containsExactly(online("carol"));
    }

    @Test
    void an_answer_meant_for_an_earlier_connection_is_ignored() {
        follow("bob");
        reconnect();
        final Call earlier = last();
        reconnect();

        earlier.answer.complete(states(offline("bob", 1_000)));
        assertThat(told).isEmpty();
        last().answer.complete(states(online("bob")));
        assertThat(told).containsExactly(online("bob"));
    }

    @Test
    void a_contact_that_is_no_longer_accepted_is_no_longer_followed() {
        follow("bob", "carol", "dave");

        presence.contactChanged(Contact.of("bob", ContactState.ACCEPTED, Instant.EPOCH));
        presence.contactChanged(Contact.of("carol", ContactState.NONE, null));
        presence.contactChanged(Contact.of("dave", ContactState.BLOCKED, Instant.EPOCH));

        assertThat(presence.followed()).containsExactly("bob");
        reconnect();
        assertThat(last().subscribed()).containsExactly("bob");
    }
}
