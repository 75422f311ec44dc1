package io.missive.chat;

import io.missive.sdk.ConnectionListener;
import io.missive.sdk.MissiveConnectException;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;

/**
 * Tells the person at the terminal what the connection does. The SDK reconnects by itself (with
 * backoff) and catches up on what arrived meanwhile; this only reports it.
 */
final class ConnectionNotices implements ConnectionListener {

    private final @NotNull ChatConsole console;

    ConnectionNotices(final @NotNull ChatConsole console) {
        this.console = console;
    }

    @Override
    public void onConnectionLost(final @NotNull MissiveException cause) {
        console.problem(cause.getMessage() + "; reconnecting (messages you type are sent once it is back)");
    }

    @Override
    public void onReconnected() {
        console.info("reconnected");
    }

    @Override
    public void onReconnectRefused(final @NotNull MissiveConnectException cause) {
        console.problem("reconnect refused: " + cause.getMessage() + "; restart with --password");
    }
}
