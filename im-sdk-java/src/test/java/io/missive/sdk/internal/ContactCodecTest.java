package io.missive.sdk.internal;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.Contact;
import io.missive.sdk.ContactState;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContactCodecTest {

    @Test
    void contact_requests_name_the_other_user_and_each_has_its_own_kind() {
        assertThat(ContactCodec.requestContact("bob").getRequestContact().getUserId()).isEqualTo("bob");
        assertThat(ContactCodec.acceptContact("bob").getAcceptContact().getUserId()).isEqualTo("bob");
        assertThat(ContactCodec.removeContact("bob").getRemoveContact().getUserId()).isEqualTo("bob");
        assertThat(ContactCodec.blockUser("bob").getBlockUser().getUserId()).isEqualTo("bob");
        assertThat(ContactCodec.unblockUser("bob").getUnblockUser().getUserId()).isEqualTo("bob");
        assertThat(ContactCodec.listContacts().getBodyCase()).isEqualTo(Uplink.BodyCase.LIST_CONTACTS);
    }

    @Test
    void contacts_map_every_state_and_since() {
        final Reply list = Reply.newBuilder().setContacts(io.missive.protocol.v1.ContactList.newBuilder()
                .addContacts(contact("bob", io.missive.protocol.v1.ContactState.CONTACT_ACCEPTED, 1_000))
                .addContacts(contact("carol", io.missive.protocol.v1.ContactState.CONTACT_REQUEST_SENT, 2_000))
                .addContacts(contact("dave", io.missive.protocol.v1.ContactState.CONTACT_REQUEST_RECEIVED, 3_000))
                .addContacts(contact("eve", io.missive.protocol.v1.ContactState.CONTACT_BLOCKED, 4_000))
                .addContacts(contact("frank", io.missive.protocol.v1.ContactState.CONTACT_NONE, 0))).build();

        assertThat(ContactCodec.toContacts(list)).containsExactly(
                Contact.of("bob", ContactState.ACCEPTED, Instant.ofEpochMilli(1_000)),
                Contact.of("carol", ContactState.REQUEST_SENT, Instant.ofEpochMilli(2_000)),
                Contact.of("dave", ContactState.REQUEST_RECEIVED, Instant.ofEpochMilli(3_000)),
                Contact.of("eve", ContactState.BLOCKED, Instant.ofEpochMilli(4_000)),
                Contact.of("frank", ContactState.NONE, null));
        assertThat(ContactCodec.toContact(Reply.newBuilder()
                .setContact(contact("bob", io.missive.protocol.v1.ContactState.CONTACT_ACCEPTED, 1_000)).build())
                .since()).contains(Instant.ofEpochMilli(1_000));
        assertThat(ContactCodec.toContact(io.missive.protocol.v1.Contact.newBuilder().setUserId("x").setStateValue(42)
                .build()).state()).isEqualTo(ContactState.NONE);
    }

    @Test
    void blocked_and_not_a_contact_are_their_own_errors_and_not_retryable() {
        assertThatThrownBy(() -> ContactCodec.toContact(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.BLOCKED)).build()))
                .isInstanceOfSatisfying(MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BLOCKED);
                    assertThat(e.isRetryable()).isFalse();
                });
        assertThatThrownBy(() -> PresenceCodec.toPresenceList(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.NOT_A_CONTACT)).build()))
                .isInstanceOfSatisfying(MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_CONTACT);
                    assertThat(e.isRetryable()).isFalse();
                });
        final OutgoingMessage message = OutgoingMessage.toUser("bob").text("hi").build();
        assertThatThrownBy(() -> MessageCodec.toReceipt(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.BLOCKED)).build(), message.clientMsgId()))
                .isInstanceOfSatisfying(MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BLOCKED);
                    assertThat(e.clientMsgId()).contains(message.clientMsgId());
                });
    }

    @Test
    void every_contact_state_of_the_protocol_is_the_sdk_state_of_the_same_name() {
        final Set<ContactState> reached = EnumSet.noneOf(ContactState.class);
        for (final io.missive.protocol.v1.ContactState state : io.missive.protocol.v1.ContactState.values()) {
            if (state == io.missive.protocol.v1.ContactState.UNRECOGNIZED) {
                continue;
            }
            final ContactState sdk = ContactCodec.toContactState(state);
            reached.add(sdk);
            assertThat("CONTACT_" + sdk.name()).as(state.name()).isEqualTo(state.name());
        }
        assertThat(ContactCodec.toContactState(io.missive.protocol.v1.ContactState.UNRECOGNIZED))
                .isEqualTo(ContactState.NONE);
        assertThat(reached).containsExactlyInAnyOrder(ContactState.values());
    }

    private static io.missive.protocol.v1.Contact contact(final String userId,
                                                          final io.missive.protocol.v1.ContactState state,
                                                          final long sinceMs) {
        return io.missive.protocol.v1.Contact.newBuilder().setUserId(userId).setState(state).setSinceMs(sinceMs)
                .build();
    }
}
