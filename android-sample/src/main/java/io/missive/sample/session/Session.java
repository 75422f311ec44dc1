package io.missive.sample.session;

import io.missive.sample.chat.ChatRoom;
import io.missive.sample.conversations.ConversationList;
import io.missive.sample.push.PushToken;
import io.missive.sdk.ConnectionListener;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveConnectException;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A signed-in device: its client, its conversation list with unread badges and its push token
 * registration, from {@link Login} until {@link #signOut()} (or {@link #close()} when the app only
 * stops). Chats are opened from here.
 */
public final class Session {

    /** Where the connection stands, as the app shows it. */
    public enum Status {
        /** Connecting, or connected and catching up with what happened meanwhile. */
        CONNECTING,
        /** Connected and caught up: what the screens show is current. */
        ONLINE,
        /** The connection was lost; the client reconnects by itself, sends wait for it. */
        OFFLINE,
        /** Signed out, or the server refused the device token for good: ask for the password. */
        SIGNED_OUT
    }

    @FunctionalInterface
    public interface StatusListener {
        void onStatusChanged(@NotNull Status status);
    }

    private static final Logger LOG = Logger.getLogger(Session.class.getName());

    private final @NotNull MissiveClient client;
    private final @NotNull TokenStore tokens;
    private final @NotNull Path syncFile;
    private final @NotNull Executor callbacks;
    private final @NotNull ConversationList conversations;
    private final @NotNull PushToken push;
    private final @NotNull List<StatusListener> listeners = new CopyOnWriteArrayList<>();
    private volatile @NotNull Status status = Status.CONNECTING;

    Session(final @NotNull MissiveClient client, final @NotNull TokenStore tokens, final @NotNull Path syncFile,
            final @NotNull String pushTopic, final @NotNull Executor callbacks) {
        this.client = client;
        this.tokens = tokens;
        this.syncFile = syncFile;
        this.callbacks = callbacks;
        this.conversations = ConversationList.attach(client, callbacks);
        this.push = PushToken.attach(client, pushTopic, callbacks);
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnectionLost(final @NotNull MissiveException cause) {
                changeStatus(Status.OFFLINE);
            }

            @Override
            public void onReconnected() {
                changeStatus(Status.CONNECTING);
            }

            @Override
            public void onSynced() {
                changeStatus(Status.ONLINE);
            }

            @Override
            public void onReconnectRefused(final @NotNull MissiveConnectException cause) {
                tokens.clear();
                changeStatus(Status.SIGNED_OUT);
            }
        });
    }

    public @NotNull String userId() {
        return client.userId();
    }

    public @NotNull String deviceId() {
        return client.deviceId();
    }

    public @NotNull MissiveClient client() {
        return client;
    }

    public @NotNull ConversationList conversations() {
        return conversations;
    }

    public @NotNull PushToken push() {
        return push;
    }

    public @NotNull Status status() {
        return status;
    }

    /** Called on the callback executor at every change; it is told the current status at once. */
    public void addStatusListener(final @NotNull StatusListener listener) {
        listeners.add(listener);
        final Status now = status;
        callbacks.execute(() -> listener.onStatusChanged(now));
    }

    public void removeStatusListener(final @NotNull StatusListener listener) {
        listeners.remove(listener);
    }

    /** A conversation from the list (a group or a direct one); close the room when its screen goes. */
    public @NotNull ChatRoom openConversation(final @NotNull String conversationId) {
        return ChatRoom.open(client, conversationId, callbacks);
    }

    /** The direct conversation with another user, whether or not one of them wrote yet. */
    public @NotNull ChatRoom openDirect(final @NotNull String peerUserId) {
        return ChatRoom.openDirect(client, peerUserId, callbacks);
    }

    /**
     * Signs this device out: removes its push registration (when the server can be reached; a device
     * that cannot keeps it until its token is revoked), disconnects, and forgets the device token and
     * the sync cursor.
     */
    public @NotNull CompletableFuture<Void> signOut() {
        return push.unregister()
                .handle((registration, failure) -> null)
                .thenCompose(ignored -> close())
                .thenRun(() -> {
                    tokens.clear();
                    try {
                        Files.deleteIfExists(syncFile);
                    } catch (final IOException e) {
                        LOG.log(Level.WARNING, "could not delete the sync cursor " + syncFile, e);
                    }
                    changeStatus(Status.SIGNED_OUT);
                });
    }

    /** Disconnects and stops listening; the device token stays, so the next start needs no password. */
    public @NotNull CompletableFuture<Void> close() {
        conversations.detach();
        push.detach();
        return client.close();
    }

    private void changeStatus(final @NotNull Status next) {
        status = next;
        for (final StatusListener listener : listeners) {
            callbacks.execute(() -> listener.onStatusChanged(next));
        }
    }
}
