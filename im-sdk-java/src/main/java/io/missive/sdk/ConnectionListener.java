package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

/**
 * Told when an established connection ends without {@link MissiveClient#disconnect()} being
 * called: network loss, or the server closing the connection. Called on the client's delivery
 * thread. The client does not reconnect by itself; call {@link MissiveClient#connect()} again (it
 * then uses the device token the server issued, if any).
 */
@FunctionalInterface
public interface ConnectionListener {

    void onConnectionLost(@NotNull MissiveException cause);
}
