package io.missive.conformance;

import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.Presence;
import io.missive.protocol.v1.SyncEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Section "Presence" of docs/protocol.md. */
@Timeout(30)
class PresenceTest extends ConformanceTest {

    /** How the user to follow relates to the follower. */
    enum Relation {
        STRANGER, REQUEST_SENT, REQUEST_RECEIVED, BLOCKED_BY_THE_FOLLOWER, BLOCKS_THE_FOLLOWER, NO_SUCH_USER
    }

    private static void makeContacts(final RawClient one, final RawClient other) {
        ok(one.request(Uplinks.requestContact(other.userId())));
        ok(other.request(Uplinks.acceptContact(one.userId())));
    }

    private static boolean presenceOf(final SyncEvent event, final String userId, final boolean online) {
        return event.hasPresence() && event.getPresence().getUserId().equals(userId)
                && event.getPresence().getOnline() == online;
    }

    /** The first presence event of the user with this state that arrived after the first {@code seen} events. */
    private static SyncEvent awaitPresence(final RawClient follower, final int seen, final String userId,
                                           final boolean online) {
        return follower.awaitEvent(e -> presenceOf(e, userId, online) && follower.events().indexOf(e) >= seen);
    }

    @Test
    void a_follower_gets_the_state_of_a_contact_and_then_each_settled_change_as_a_version_0_event() {
        final RawClient alice = connectNewUser("alice");
        final RawClient aliceTablet = connect(alice.userId());
        final RawClient bobPhone = connectNewUser("bob");
        final String bob = bobPhone.userId();
        makeContacts(bobPhone, alice);
        bobPhone.close();

        final List<Presence> states = ok(alice.request(Uplinks.subscribePresence(bob))).getPresence()
                .getPresenceList();
        assertThat(states).extracting(Presence::getUserId).containsExactly(bob);
        // following twice is following once
        ok(alice.request(Uplinks.subscribePresence(bob)));
        if (states.get(0).getOnline()) {
            // bob's phone was announced online: its disconnection is announced once it has settled
            awaitPresence(alice, 0, bob, false);
        }

        final int seen = alice.events().size();
        final RawClient bobLaptop = connect(bob);
        bobLaptop.ready();
        final SyncEvent online = awaitPresence(alice, seen, bob, true);
        assertThat(online.getVersion()).isZero();
        assertThat(online.getPresence().getLastSeenMs()).isZero();

        bobLaptop.close();
        final SyncEvent offline = awaitPresence(alice, alice.events().indexOf(online) + 1, bob, false);
        assertThat(offline.getVersion()).isZero();
        assertThat(offline.getPresence().getLastSeenMs()).isPositive();
        // followed twice, told once
        assertThat(alice.events()).filteredOn(e -> e.equals(online)).hasSize(1);
        // every device of the following user gets them
        aliceTablet.awaitEvent(e -> e.equals(offline));
    }

    @ParameterizedTest
    @EnumSource(Relation.class)
    void following_anyone_but_an_accepted_contact_without_a_block_is_not_a_contact(final Relation relation) {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        String followed = bob.userId();
        switch (relation) {
            case REQUEST_SENT -> ok(alice.request(Uplinks.requestContact(bob.userId())));
            case REQUEST_RECEIVED -> ok(bob.request(Uplinks.requestContact(alice.userId())));
            case BLOCKED_BY_THE_FOLLOWER -> {
                makeContacts(alice, bob);
                ok(alice.request(Uplinks.blockUser(bob.userId())));
            }
            case BLOCKS_THE_FOLLOWER -> {
                makeContacts(alice, bob);
                ok(bob.request(Uplinks.blockUser(alice.userId())));
            }
            case NO_SUCH_USER -> followed = Strangers.unknownUser();
            default -> {
            }
        }
        assertRefused(alice.request(Uplinks.subscribePresence(followed)), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.NOT_A_CONTACT);
    }

    @Test
    void one_user_who_is_not_a_contact_refuses_the_whole_subscription() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        makeContacts(alice, bob);
        assertRefused(alice.request(Uplinks.subscribePresence(bob.userId(), newUser("stranger"))),
                IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.NOT_A_CONTACT);
    }

    @Test
    void an_empty_or_invalid_user_id_list_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.subscribePresence()), "user_ids");
        assertInvalid(alice.request(Uplinks.subscribePresence("not a user id")), "user_ids");
        assertInvalid(alice.request(Uplinks.unsubscribePresence()), "user_ids");
    }

    @Test
    void unsubscribing_answers_an_empty_list_also_for_users_not_followed() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        makeContacts(alice, bob);
        ok(alice.request(Uplinks.subscribePresence(bob.userId())));
        assertThat(ok(alice.request(Uplinks.unsubscribePresence(bob.userId()))).getPresence().getPresenceList())
                .isEmpty();
        assertThat(ok(alice.request(Uplinks.unsubscribePresence(newUser("stranger")))).getPresence()
                .getPresenceList()).isEmpty();
    }
}
