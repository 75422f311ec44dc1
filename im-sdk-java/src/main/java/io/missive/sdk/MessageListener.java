package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

/**
 * Receives the messages of the user's sync stream: messages from others and the user's own
 * messages (from this and other devices), including what arrived while the device was offline.
 * Called on the client's delivery thread, one message at a time in sync-stream order (so each
 * conversation's messages arrive ascending by seq), each (conversation, seq) once per client and,
 * with a persistent {@link SyncStore}, once per device. Exceptions thrown here are logged and do not
 * affect the client. Hand long work to another thread.
 */
@FunctionalInterface
public interface MessageListener {

    void onMessage(@NotNull ChatMessage message);
}
