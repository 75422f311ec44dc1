package io.missive.sdk.internal;

import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.concurrent.Executor;

/**
 * Fans connection events out to the outbox, the presence subscriptions, the sync session, the
 * listeners and the reconnector. Called on the callback thread; the session and the listeners are
 * told on the delivery thread.
 */
final class ConnectionFanOut implements ConnectionEvents {

    private final @NotNull Outbox outbox;
    private final @NotNull PresenceSubscriptions presence;
    private final @NotNull SyncSession session;
    private final @NotNull MessageDispatcher dispatcher;
    private final @NotNull Executor delivery;
    private final @NotNull Reconnector reconnector;

    /** @param delivery the delivery thread; drops tasks once the client is closed */
    ConnectionFanOut(final @NotNull Outbox outbox, final @NotNull PresenceSubscriptions presence,
                     final @NotNull SyncSession session, final @NotNull MessageDispatcher dispatcher,
                     final @NotNull Executor delivery, final @NotNull Reconnector reconnector) {
        this.outbox = outbox;
        this.presence = presence;
        this.session = session;
        this.dispatcher = dispatcher;
        this.delivery = delivery;
        this.reconnector = reconnector;
    }

    @Override
    public void connected(final boolean automatic) {
        outbox.connected();
        presence.connected();
        delivery.execute(() -> {
            if (automatic) {
                dispatcher.reconnected();
            }
            session.connected();
        });
    }

    @Override
    public void disconnected(final @Nullable MissiveException lost) {
        outbox.disconnected();
        presence.disconnected();
        delivery.execute(() -> {
            session.disconnected();
            if (lost != null) {
                dispatcher.connectionLost(lost);
            }
        });
        if (lost != null) {
            reconnector.connectionLost();
        }
    }
}
