package io.missive.sdk.internal;

import io.missive.protocol.v1.ContactTarget;
import io.missive.protocol.v1.ListContacts;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.Contact;
import io.missive.sdk.ContactState;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The wire form of the contact requests and blocks, and of the contact relations in their replies and
 * sync events. Stateless.
 */
final class ContactCodec {

    private ContactCodec() {
    }

    static @NotNull Uplink requestContact(final @NotNull String userId) {
        return Uplink.newBuilder().setRequestContact(contactTarget(userId)).build();
    }

    static @NotNull Uplink acceptContact(final @NotNull String userId) {
        return Uplink.newBuilder().setAcceptContact(contactTarget(userId)).build();
    }

    static @NotNull Uplink removeContact(final @NotNull String userId) {
        return Uplink.newBuilder().setRemoveContact(contactTarget(userId)).build();
    }

    static @NotNull Uplink blockUser(final @NotNull String userId) {
        return Uplink.newBuilder().setBlockUser(contactTarget(userId)).build();
    }

    static @NotNull Uplink unblockUser(final @NotNull String userId) {
        return Uplink.newBuilder().setUnblockUser(contactTarget(userId)).build();
    }

    private static @NotNull ContactTarget contactTarget(final @NotNull String userId) {
        return ContactTarget.newBuilder().setUserId(userId).build();
    }

    /** @throws MissiveException when the reply is an error or not a contact */
    static @NotNull Contact toContact(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.CONTACT) {
            throw WireCodec.unexpected(reply, null);
        }
        return toContact(reply.getContact());
    }

    static @NotNull Contact toContact(final @NotNull io.missive.protocol.v1.Contact contact) {
        return Contact.of(contact.getUserId(), toContactState(contact.getState()),
                contact.getSinceMs() > 0 ? Instant.ofEpochMilli(contact.getSinceMs()) : null);
    }

    static @NotNull Uplink listContacts() {
        return Uplink.newBuilder().setListContacts(ListContacts.getDefaultInstance()).build();
    }

    /** @throws MissiveException when the reply is an error or not a contact list */
    static @NotNull List<Contact> toContacts(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.CONTACTS) {
            throw WireCodec.unexpected(reply, null);
        }
        final List<Contact> contacts = new ArrayList<>(reply.getContacts().getContactsCount());
        for (final io.missive.protocol.v1.Contact contact : reply.getContacts().getContactsList()) {
            contacts.add(toContact(contact));
        }
        return Collections.unmodifiableList(contacts);
    }

    /**
     * Every state of the protocol is the SDK state of the same name without its CONTACT_ prefix. A
     * state this SDK does not know (UNRECOGNIZED) counts as {@link ContactState#NONE}: no relation
     * it can act on. No default branch: a state added to the protocol does not compile until it is
     * mapped here.
     */
    static @NotNull ContactState toContactState(final @NotNull io.missive.protocol.v1.ContactState state) {
        return switch (state) {
            case CONTACT_REQUEST_SENT -> ContactState.REQUEST_SENT;
            case CONTACT_REQUEST_RECEIVED -> ContactState.REQUEST_RECEIVED;
            case CONTACT_ACCEPTED -> ContactState.ACCEPTED;
            case CONTACT_BLOCKED -> ContactState.BLOCKED;
            case CONTACT_NONE, UNRECOGNIZED -> ContactState.NONE;
        };
    }
}
