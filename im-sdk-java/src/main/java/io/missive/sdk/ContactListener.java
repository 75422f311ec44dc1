package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

/**
 * Told when one of the user's contact relations changes, on any of the user's devices or by the other
 * user: a request arrived, was accepted, declined or withdrawn, a contact was removed, or the user
 * blocked or unblocked someone. Being blocked is not announced. Called on the client's delivery
 * thread, in sync-stream order with the messages delivered to {@link MessageListener}s. Exceptions
 * thrown here are logged and do not affect the client.
 */
@FunctionalInterface
public interface ContactListener {

    /** @param contact the relation as it is now */
    void onContactChanged(@NotNull Contact contact);
}
