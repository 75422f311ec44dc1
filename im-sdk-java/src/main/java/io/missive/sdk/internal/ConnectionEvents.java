package io.missive.sdk.internal;

import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.Nullable;

/** What {@link Connection} reports about its life; called on the callback thread. */
interface ConnectionEvents {

    /**
     * Connected and subscribed, just before the connect future completes.
     *
     * @param automatic true when the attempt was an automatic reconnect
     */
    void connected(boolean automatic);

    /** @param lost why the connection was lost; null when the application disconnected */
    void disconnected(@Nullable MissiveException lost);
}
