package io.missive.broker.contact;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoMap;
import io.missive.broker.request.RequestCase;
import io.missive.broker.request.RequestHandler;
import io.missive.protocol.v1.Contact;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

/** Contact requests, contacts and blocks. */
public final class ContactModule extends AbstractModule {

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.REQUEST_CONTACT)
    @NotNull RequestHandler requestContact(final @NotNull ContactsHandler contacts) {
        return (device, uplink) -> contacts.request(device, uplink.getRequestContact()).thenApply(ContactModule::reply);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.ACCEPT_CONTACT)
    @NotNull RequestHandler acceptContact(final @NotNull ContactsHandler contacts) {
        return (device, uplink) -> contacts.accept(device, uplink.getAcceptContact()).thenApply(ContactModule::reply);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.REMOVE_CONTACT)
    @NotNull RequestHandler removeContact(final @NotNull ContactsHandler contacts) {
        return (device, uplink) -> contacts.remove(device, uplink.getRemoveContact()).thenApply(ContactModule::reply);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.BLOCK_USER)
    @NotNull RequestHandler blockUser(final @NotNull ContactsHandler contacts) {
        return (device, uplink) -> contacts.block(device, uplink.getBlockUser()).thenApply(ContactModule::reply);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.UNBLOCK_USER)
    @NotNull RequestHandler unblockUser(final @NotNull ContactsHandler contacts) {
        return (device, uplink) -> contacts.unblock(device, uplink.getUnblockUser()).thenApply(ContactModule::reply);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.LIST_CONTACTS)
    @NotNull RequestHandler listContacts(final @NotNull ContactsHandler contacts) {
        return (device, uplink) -> contacts.list(device)
                .thenApply(list -> Reply.newBuilder().setContacts(list).build());
    }

    private static @NotNull Reply reply(final @NotNull Contact contact) {
        return Reply.newBuilder().setContact(contact).build();
    }
}
