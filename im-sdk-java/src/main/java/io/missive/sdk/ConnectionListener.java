package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

/**
 * Told about the connection's life: lost, automatically reconnected, caught up with the sync
 * stream, or refused for good. Called on the client's delivery thread, in order with the messages
 * delivered to {@link MessageListener}s. Only {@link #onConnectionLost} must be implemented, so a
 * lambda works for the common case.
 */
@FunctionalInterface
public interface ConnectionListener {

    /**
     * An established connection ended without {@link MissiveClient#disconnect()} being called:
     * network loss, or the server closing the connection. Unless automatic reconnect is off, the
     * client is already reconnecting (with backoff); sends are kept and go out after it.
     */
    void onConnectionLost(@NotNull MissiveException cause);

    /** The client reconnected by itself after a lost connection; catching up follows. */
    default void onReconnected() {
    }

    /**
     * This connection has caught up: every sync-stream event the server held when the connection
     * was made has been delivered, then every group the user is in has been brought up to the
     * latest seq the conversation list showed, and live delivery continues. Called once per
     * connection, including the first.
     */
    default void onSynced() {
    }

    /**
     * Automatic reconnecting stopped because the server refused for good (the device token was
     * revoked or is unknown: {@link ErrorCode#BAD_CREDENTIALS} or {@link ErrorCode#NOT_AUTHORIZED}).
     * Build a new client that logs in with the password.
     */
    default void onReconnectRefused(@NotNull MissiveConnectException cause) {
    }
}
