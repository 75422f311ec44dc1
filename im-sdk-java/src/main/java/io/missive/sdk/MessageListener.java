package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

/**
 * Receives the user's messages: messages from others and the user's own messages (from this and
 * other devices), in direct conversations and in groups, including what arrived while the device
 * was offline, and the events of the groups the user is in ({@link ChatMessage#change()}). Called on
 * the client's delivery thread, one message at a time; each conversation's messages arrive
 * ascending by seq, each (conversation, seq) once per client and, with a persistent
 * {@link SyncStore}, once per device. Direct messages come in sync-stream order; each group's
 * messages in seq order, independently of other conversations. Exceptions thrown here are logged
 * and do not affect the client. Hand long work to another thread.
 */
@FunctionalInterface
public interface MessageListener {

    void onMessage(@NotNull ChatMessage message);
}
