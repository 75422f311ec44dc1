package io.missive.sdk.internal;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.Contact;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.Presence;
import io.missive.sdk.ReadState;
import org.jetbrains.annotations.NotNull;

/**
 * Where the sync session's results go: the listeners, the presence subscriptions (which follow
 * contact changes and live presence) and the sync signal. Runs on the delivery thread.
 */
final class SyncSink implements SyncSession.Sink {

    private final @NotNull MessageDispatcher dispatcher;
    private final @NotNull PresenceSubscriptions presence;
    private final @NotNull SyncSignal syncSignal;

    SyncSink(final @NotNull MessageDispatcher dispatcher, final @NotNull PresenceSubscriptions presence,
             final @NotNull SyncSignal syncSignal) {
        this.dispatcher = dispatcher;
        this.presence = presence;
        this.syncSignal = syncSignal;
    }

    @Override
    public void message(final @NotNull ChatMessage message) {
        dispatcher.deliver(message);
    }

    @Override
    public void settings(final @NotNull ConversationSettings settings) {
        dispatcher.settingsChanged(settings);
    }

    @Override
    public void read(final @NotNull ReadState state) {
        dispatcher.read(state);
    }

    @Override
    public void contact(final @NotNull Contact contact) {
        presence.contactChanged(contact);
        dispatcher.contactChanged(contact);
    }

    @Override
    public void presence(final @NotNull Presence state) {
        presence.deliveredLive(state);
        dispatcher.presence(state);
    }

    @Override
    public void synced() {
        dispatcher.synced();
        syncSignal.synced();
    }

    @Override
    public void unsynced() {
        syncSignal.reset();
    }
}
