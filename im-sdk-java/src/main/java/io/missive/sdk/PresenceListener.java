package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

/**
 * Told when the presence of a user the client follows ({@link MissiveClient#subscribePresence})
 * changes, and, after every reconnect, the current presence of each followed user (changes made
 * while the client was offline included). Called on the client's delivery thread; a presence may
 * repeat the previous one. Exceptions thrown here are logged and do not affect the client.
 */
@FunctionalInterface
public interface PresenceListener {

    void onPresence(@NotNull Presence presence);
}
