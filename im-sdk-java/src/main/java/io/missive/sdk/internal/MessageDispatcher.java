package io.missive.sdk.internal;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.ConnectionListener;
import io.missive.sdk.Contact;
import io.missive.sdk.ContactListener;
import io.missive.sdk.ConversationListener;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.MessageListener;
import io.missive.sdk.MissiveConnectException;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Presence;
import io.missive.sdk.PresenceListener;
import io.missive.sdk.ReadListener;
import io.missive.sdk.ReadState;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands messages, conversation settings, read positions, contact changes, presence and connection
 * news to the application's listeners: each (conversation, seq) once, and with listener failures
 * logged instead of propagated. Every method except the listener
 * registration must be called on the delivery thread.
 */
final class MessageDispatcher {

    private static final @NotNull Logger LOG = Logger.getLogger(MessageDispatcher.class.getName());

    private final @NotNull SeenMessages seen;
    private final @NotNull List<MessageListener> messageListeners = new CopyOnWriteArrayList<>();
    private final @NotNull List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final @NotNull List<ConversationListener> conversationListeners = new CopyOnWriteArrayList<>();
    private final @NotNull List<ReadListener> readListeners = new CopyOnWriteArrayList<>();
    private final @NotNull List<ContactListener> contactListeners = new CopyOnWriteArrayList<>();
    private final @NotNull List<PresenceListener> presenceListeners = new CopyOnWriteArrayList<>();

    MessageDispatcher(final int dedupCapacity) {
        this.seen = new SeenMessages(dedupCapacity);
    }

    void addMessageListener(final @NotNull MessageListener listener) {
        messageListeners.add(listener);
    }

    void removeMessageListener(final @NotNull MessageListener listener) {
        messageListeners.remove(listener);
    }

    void addConnectionListener(final @NotNull ConnectionListener listener) {
        connectionListeners.add(listener);
    }

    void removeConnectionListener(final @NotNull ConnectionListener listener) {
        connectionListeners.remove(listener);
    }

    void addConversationListener(final @NotNull ConversationListener listener) {
        conversationListeners.add(listener);
    }

    void removeConversationListener(final @NotNull ConversationListener listener) {
        conversationListeners.remove(listener);
    }

    void addReadListener(final @NotNull ReadListener listener) {
        readListeners.add(listener);
    }

    void removeReadListener(final @NotNull ReadListener listener) {
        readListeners.remove(listener);
    }

    void addContactListener(final @NotNull ContactListener listener) {
        contactListeners.add(listener);
    }

    void removeContactListener(final @NotNull ContactListener listener) {
        contactListeners.remove(listener);
    }

    void addPresenceListener(final @NotNull PresenceListener listener) {
        presenceListeners.add(listener);
    }

    void removePresenceListener(final @NotNull PresenceListener listener) {
        presenceListeners.remove(listener);
    }

    void deliver(final @NotNull ChatMessage message) {
        if (!seen.firstSighting(message.conversationId(), message.seq())) {
            LOG.fine(() -> "dropping repeated " + message.conversationId() + " #" + message.seq());
            return;
        }
        for (final MessageListener listener : messageListeners) {
            try {
                listener.onMessage(message);
            } catch (final RuntimeException e) {
                LOG.log(Level.WARNING, "message listener failed on " + message.conversationId()
                        + " #" + message.seq(), e);
            }
        }
    }

    void settingsChanged(final @NotNull ConversationSettings settings) {
        for (final ConversationListener listener : conversationListeners) {
            try {
                listener.onSettingsChanged(settings);
            } catch (final RuntimeException e) {
                LOG.log(Level.WARNING, "conversation listener failed on the settings of " + settings.conversationId(), e);
            }
        }
    }

    void read(final @NotNull ReadState state) {
        for (final ReadListener listener : readListeners) {
            try {
                listener.onRead(state);
            } catch (final RuntimeException e) {
                LOG.log(Level.WARNING, "read listener failed on " + state, e);
            }
        }
    }

    void contactChanged(final @NotNull Contact contact) {
        for (final ContactListener listener : contactListeners) {
            try {
                listener.onContactChanged(contact);
            } catch (final RuntimeException e) {
                LOG.log(Level.WARNING, "contact listener failed on " + contact, e);
            }
        }
    }

    void presence(final @NotNull Presence presence) {
        for (final PresenceListener listener : presenceListeners) {
            try {
                listener.onPresence(presence);
            } catch (final RuntimeException e) {
                LOG.log(Level.WARNING, "presence listener failed on " + presence, e);
            }
        }
    }

    void connectionLost(final @NotNull MissiveException cause) {
        tell("onConnectionLost", listener -> listener.onConnectionLost(cause));
    }

    void reconnected() {
        tell("onReconnected", ConnectionListener::onReconnected);
    }

    void synced() {
        tell("onSynced", ConnectionListener::onSynced);
    }

    void reconnectRefused(final @NotNull MissiveConnectException cause) {
        tell("onReconnectRefused", listener -> listener.onReconnectRefused(cause));
    }

    private void tell(final @NotNull String what, final @NotNull Consumer<ConnectionListener> call) {
        for (final ConnectionListener listener : connectionListeners) {
            try {
                call.accept(listener);
            } catch (final RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener failed in " + what, e);
            }
        }
    }
}
