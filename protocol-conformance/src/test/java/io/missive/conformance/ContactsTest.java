package io.missive.conformance;

import io.missive.protocol.v1.Contact;
import io.missive.protocol.v1.ContactState;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.Function;

import static io.missive.protocol.v1.ContactState.CONTACT_ACCEPTED;
import static io.missive.protocol.v1.ContactState.CONTACT_BLOCKED;
import static io.missive.protocol.v1.ContactState.CONTACT_NONE;
import static io.missive.protocol.v1.ContactState.CONTACT_REQUEST_RECEIVED;
import static io.missive.protocol.v1.ContactState.CONTACT_REQUEST_SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Section "Contacts" of docs/protocol.md. */
@Timeout(30)
class ContactsTest extends ConformanceTest {

    /** The requests that take a ContactTarget. */
    enum TargetRequest {
        REQUEST(Uplinks::requestContact),
        ACCEPT(Uplinks::acceptContact),
        REMOVE(Uplinks::removeContact),
        BLOCK(Uplinks::blockUser),
        UNBLOCK(Uplinks::unblockUser);

        private final Function<String, Uplink> request;

        TargetRequest(final Function<String, Uplink> request) {
            this.request = request;
        }
    }

    private static Contact contact(final RawClient asker, final Uplink request) {
        return ok(asker.request(request)).getContact();
    }

    private static SyncEvent contactEvent(final RawClient device, final String about, final ContactState state) {
        return device.awaitEvent(e -> e.hasContact() && e.getContact().getUserId().equals(about)
                && e.getContact().getState() == state);
    }

    @Test
    void a_request_is_answered_as_the_asker_sees_it_and_told_to_both_users() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final Contact sent = contact(alice, Uplinks.requestContact(bob.userId()));
        assertThat(sent.getUserId()).isEqualTo(bob.userId());
        assertThat(sent.getState()).isEqualTo(CONTACT_REQUEST_SENT);
        assertThat(sent.getSinceMs()).isPositive();
        assertThat(contactEvent(alice, bob.userId(), CONTACT_REQUEST_SENT).getVersion()).isPositive();
        assertThat(contactEvent(bob, alice.userId(), CONTACT_REQUEST_RECEIVED).getVersion()).isPositive();
    }

    @Test
    void accepting_a_request_makes_both_users_contacts() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        contact(alice, Uplinks.requestContact(bob.userId()));
        assertThat(contact(bob, Uplinks.acceptContact(alice.userId())).getState()).isEqualTo(CONTACT_ACCEPTED);
        contactEvent(alice, bob.userId(), CONTACT_ACCEPTED);
        contactEvent(bob, alice.userId(), CONTACT_ACCEPTED);
        assertThat(contact(bob, Uplinks.acceptContact(alice.userId())).getState()).isEqualTo(CONTACT_ACCEPTED);
    }

    @Test
    void asking_someone_who_asked_first_accepts_their_request() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        contact(alice, Uplinks.requestContact(bob.userId()));
        assertThat(contact(bob, Uplinks.requestContact(alice.userId())).getState()).isEqualTo(CONTACT_ACCEPTED);
        contactEvent(alice, bob.userId(), CONTACT_ACCEPTED);
    }

    @Test
    void accepting_without_a_request_is_not_found_also_for_a_user_who_does_not_exist() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        assertRefused(alice.request(Uplinks.acceptContact(bob.userId())), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.NOT_FOUND);
        contact(alice, Uplinks.requestContact(bob.userId()));
        // one's own request cannot be accepted by oneself
        assertRefused(alice.request(Uplinks.acceptContact(bob.userId())), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.NOT_FOUND);
        assertRefused(alice.request(Uplinks.acceptContact(Strangers.unknownUser())), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.NOT_FOUND);
    }

    @Test
    void remove_withdraws_a_request_declines_one_or_ends_a_contact() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        contact(alice, Uplinks.requestContact(bob.userId()));
        assertThat(contact(alice, Uplinks.removeContact(bob.userId())).getState()).isEqualTo(CONTACT_NONE);
        contactEvent(bob, alice.userId(), CONTACT_NONE);
        contact(alice, Uplinks.requestContact(bob.userId()));
        assertThat(contact(bob, Uplinks.removeContact(alice.userId())).getState()).isEqualTo(CONTACT_NONE);
        contact(alice, Uplinks.requestContact(bob.userId()));
        contact(bob, Uplinks.acceptContact(alice.userId()));
        assertThat(contact(bob, Uplinks.removeContact(alice.userId())).getState()).isEqualTo(CONTACT_NONE);
        assertThat(ok(alice.request(Uplinks.listContacts())).getContacts().getContactsList()).isEmpty();
    }

    @Test
    void a_request_that_changes_nothing_answers_the_relation_and_emits_nothing() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        contact(alice, Uplinks.requestContact(bob.userId()));
        contactEvent(bob, alice.userId(), CONTACT_REQUEST_RECEIVED);
        final int seen = bob.events().size();
        assertThat(contact(alice, Uplinks.requestContact(bob.userId())).getState()).isEqualTo(CONTACT_REQUEST_SENT);
        assertThat(contact(alice, Uplinks.unblockUser(bob.userId())).getState()).isEqualTo(CONTACT_REQUEST_SENT);
        final SyncEvent sentinel = sentinel(connectNewUser("carol"), bob);
        assertThat(bob.eventsAfter(seen)).containsExactly(sentinel);
    }

    @Test
    void a_block_is_never_announced_to_the_blocked_user_who_at_most_sees_the_contact_end() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        contact(alice, Uplinks.requestContact(bob.userId()));
        contact(bob, Uplinks.acceptContact(alice.userId()));
        contactEvent(bob, alice.userId(), CONTACT_ACCEPTED);
        assertThat(contact(alice, Uplinks.blockUser(bob.userId())).getState()).isEqualTo(CONTACT_BLOCKED);
        contactEvent(alice, bob.userId(), CONTACT_BLOCKED);
        contactEvent(bob, alice.userId(), CONTACT_NONE);
        sentinel(connectNewUser("carol"), bob);
        assertThat(bob.events()).noneMatch(e -> e.hasContact() && e.getContact().getState() == CONTACT_BLOCKED);
        assertThat(ok(bob.request(Uplinks.listContacts())).getContacts().getContactsList()).isEmpty();
    }

    @Test
    void blocking_a_stranger_tells_the_stranger_nothing() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        contact(alice, Uplinks.blockUser(bob.userId()));
        final SyncEvent sentinel = sentinel(connectNewUser("carol"), bob);
        assertThat(bob.events()).containsExactly(sentinel);
    }

    @Test
    void neither_side_of_a_block_can_send_the_other_a_direct_message_or_a_request() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String conversation = send(bob, alice.userId(), "before").getConversationId();
        contact(alice, Uplinks.blockUser(bob.userId()));
        assertRefused(bob.request(Uplinks.send(clientMsgId(), alice.userId(), "hi")), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.BLOCKED);
        assertRefused(alice.request(Uplinks.send(clientMsgId(), bob.userId(), "hi")), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.BLOCKED);
        assertRefused(bob.request(Uplinks.sendTo(clientMsgId(), conversation, "hi")), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.BLOCKED);
        assertRefused(bob.request(Uplinks.requestContact(alice.userId())), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.BLOCKED);
        assertRefused(alice.request(Uplinks.requestContact(bob.userId())), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.BLOCKED);
        assertThat(latestSeq(alice, conversation)).isEqualTo(1);
    }

    @Test
    void unblocking_leaves_no_relation_and_messages_pass_again() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        contact(alice, Uplinks.requestContact(bob.userId()));
        contact(bob, Uplinks.acceptContact(alice.userId()));
        contact(alice, Uplinks.blockUser(bob.userId()));
        assertThat(contact(alice, Uplinks.unblockUser(bob.userId())).getState()).isEqualTo(CONTACT_NONE);
        assertThat(ok(alice.request(Uplinks.listContacts())).getContacts().getContactsList()).isEmpty();
        send(bob, alice.userId(), "hello again");
    }

    @Test
    void list_contacts_holds_every_relation_that_is_not_none_ascending_by_user_id() {
        final RawClient alice = connectNewUser("alice");
        final RawClient asked = connectNewUser("asked");
        final RawClient asking = connectNewUser("asking");
        final RawClient friend = connectNewUser("friend");
        final String blocked = newUser("blocked");
        contact(alice, Uplinks.requestContact(asked.userId()));
        contact(asking, Uplinks.requestContact(alice.userId()));
        contact(alice, Uplinks.requestContact(friend.userId()));
        contact(friend, Uplinks.acceptContact(alice.userId()));
        contact(alice, Uplinks.blockUser(blocked));
        assertThat(ok(alice.request(Uplinks.listContacts())).getContacts().getContactsList())
                .extracting(Contact::getUserId, Contact::getState)
                .containsExactly(
                        tuple(asked.userId(), CONTACT_REQUEST_SENT),
                        tuple(asking.userId(), CONTACT_REQUEST_RECEIVED),
                        tuple(blocked, CONTACT_BLOCKED),
                        tuple(friend.userId(), CONTACT_ACCEPTED));
    }

    @ParameterizedTest
    @EnumSource(TargetRequest.class)
    void an_invalid_user_id_or_the_askers_own_is_invalid_argument(final TargetRequest kind) {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(kind.request.apply("not a user id")), "user_id");
        assertInvalid(alice.request(kind.request.apply("")), "user_id");
        assertInvalid(alice.request(kind.request.apply(alice.userId())), "user_id");
    }

    @Test
    void asking_or_blocking_a_user_who_does_not_exist_is_not_found() {
        final RawClient alice = connectNewUser("alice");
        assertRefused(alice.request(Uplinks.requestContact(Strangers.unknownUser())), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.NOT_FOUND);
        assertRefused(alice.request(Uplinks.blockUser(Strangers.unknownUser())), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.NOT_FOUND);
    }

    @Test
    void removing_or_unblocking_with_nothing_pending_answers_none_and_changes_nothing() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        assertThat(contact(alice, Uplinks.removeContact(bob)).getState()).isEqualTo(CONTACT_NONE);
        assertThat(contact(alice, Uplinks.unblockUser(bob)).getState()).isEqualTo(CONTACT_NONE);
        final SyncEvent sentinel = sentinel(connectNewUser("carol"), alice);
        assertThat(alice.events()).containsExactly(sentinel);
    }
}
