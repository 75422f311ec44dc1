package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

/**
 * Told about changes of the user's own view of their conversations, made on any of the user's
 * devices (this one included). Called on the client's delivery thread, in sync-stream order with
 * the messages delivered to {@link MessageListener}s. Exceptions thrown here are logged and do not
 * affect the client.
 */
@FunctionalInterface
public interface ConversationListener {

    /**
     * The user changed their settings of a conversation, e.g. with
     * {@link MissiveClient#updateConversationSettings(String, Boolean, String)}; {@code settings} holds
     * all of them as they are now.
     */
    void onSettingsChanged(@NotNull ConversationSettings settings);
}
