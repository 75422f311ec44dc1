package io.missive.broker.handlers;

import io.missive.broker.request.Identity;
import io.missive.protocol.v1.Contact;
import io.missive.protocol.v1.ContactState;
import io.missive.protocol.v1.ContactTarget;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.ListContacts;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Contact requests, acceptance and blocking through the real handlers and stores, with no broker. */
class ContactsHandlersTest {

    private static final Extension extension = Extension.shared();

    private static ContactTarget user(final String userId) {
        return ContactTarget.newBuilder().setUserId(userId).build();
    }

    private static List<Contact> contacts(final Identity device) {
        return extension.request(device, Uplink.newBuilder().setListContacts(ListContacts.getDefaultInstance()).build())
                .reply().getContacts().getContactsList();
    }

    private static List<Contact> contactEvents(final String userId) {
        return extension.events(userId).stream().filter(SyncEvent::hasContact).map(SyncEvent::getContact)
                .collect(Collectors.toList());
    }

    @Test
    void a_request_and_its_acceptance_reach_both_users_lists_and_streams() {
        final Identity jo = new Identity(extension.user("jo"), "jo-phone");
        final Identity kai = new Identity(extension.user("kai"), "kai-phone");

        final Contact asked = extension.request(jo, Uplink.newBuilder().setRequestContact(user("kai")).build())
                .reply().getContact();
        assertThat(asked.getState()).isEqualTo(ContactState.CONTACT_REQUEST_SENT);
        assertThat(contacts(kai)).extracting(Contact::getUserId, Contact::getState)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("jo", ContactState.CONTACT_REQUEST_RECEIVED));

        final Contact accepted = extension.request(kai, Uplink.newBuilder().setAcceptContact(user("jo")).build())
                .reply().getContact();

        assertThat(accepted.getState()).isEqualTo(ContactState.CONTACT_ACCEPTED);
        assertThat(contacts(jo)).extracting(Contact::getState).containsExactly(ContactState.CONTACT_ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(contactEvents("jo"))
                .extracting(Contact::getState)
                .containsExactly(ContactState.CONTACT_REQUEST_SENT, ContactState.CONTACT_ACCEPTED));
    }

    @Test
    void a_block_refuses_direct_messages_both_ways_and_unknown_users_are_not_found() {
        final Identity lea = new Identity(extension.user("lea"), "lea-phone");
        final Identity max = new Identity(extension.user("max"), "max-phone");
        assertThat(extension.request(lea, Uplink.newBuilder().setBlockUser(user("max")).build()).reply()
                .getContact().getState()).isEqualTo(ContactState.CONTACT_BLOCKED);

        for (final Identity sender : List.of(lea, max)) {
            final String to = sender == lea ? "max" : "lea";
            assertThat(extension.request(sender, Uplink.newBuilder().setSend(SendMessage.newBuilder().setToUserId(to)
                    .setClientMsgId("blocked-" + to).setContent(Content.newBuilder().setText("hi"))).build())
                    .reply().getError().getCode()).isEqualTo(ErrorCode.BLOCKED);
        }
        assertThat(extension.request(max, Uplink.newBuilder().setRequestContact(user("lea")).build()).reply()
                .getError().getCode()).isEqualTo(ErrorCode.BLOCKED);
        assertThat(extension.request(lea, Uplink.newBuilder().setRequestContact(user("nobody")).build()).reply()
                .getError().getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(contacts(max)).isEmpty(); // a block is not shown to the blocked user
    }
}
