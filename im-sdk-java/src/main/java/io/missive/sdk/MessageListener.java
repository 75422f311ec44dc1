package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

/**
 * Receives the messages of the user's sync stream: messages from others and the user's own
 * messages (from this and other devices). Called on the client's delivery thread, one message at
 * a time in arrival order, each (conversation, seq) at most once per client. Exceptions thrown
 * here are logged and do not affect the client. Hand long work to another thread.
 */
@FunctionalInterface
public interface MessageListener {

    void onMessage(@NotNull ChatMessage message);
}
