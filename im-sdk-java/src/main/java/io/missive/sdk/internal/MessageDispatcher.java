package io.missive.sdk.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.missive.protocol.v1.SyncEvent;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ConnectionListener;
import io.missive.sdk.MessageListener;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers sync-stream messages and connection loss to the application's listeners: on one
 * delivery executor (in arrival order), each (conversation, seq) once, and with listener failures
 * logged instead of propagated.
 */
final class MessageDispatcher {

    private static final @NotNull Logger LOG = Logger.getLogger(MessageDispatcher.class.getName());

    private final @NotNull Executor delivery;
    private final @NotNull SeenMessages seen;
    private final @NotNull List<MessageListener> messageListeners = new CopyOnWriteArrayList<>();
    private final @NotNull List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();

    /** @param delivery must run tasks one at a time in submission order */
    MessageDispatcher(final @NotNull Executor delivery, final int dedupCapacity) {
        this.delivery = delivery;
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

    /** Takes a raw sync-stream payload from any thread; parsing and delivery happen on the delivery executor. */
    void onSyncEvent(final @NotNull byte[] payload) {
        submit(() -> {
            final SyncEvent event;
            try {
                event = SyncEvent.parseFrom(payload);
            } catch (final InvalidProtocolBufferException e) {
                LOG.log(Level.WARNING, "dropping an unreadable sync event", e);
                return;
            }
            if (event.getBodyCase() == SyncEvent.BodyCase.MESSAGE) {
                deliver(WireCodec.toChatMessage(event.getMessage(), event.getVersion()));
            } else {
                LOG.fine(() -> "ignoring sync event " + event.getVersion() + " of kind " + event.getBodyCase());
            }
        });
    }

    void onConnectionLost(final @NotNull MissiveException cause) {
        submit(() -> {
            for (final ConnectionListener listener : connectionListeners) {
                try {
                    listener.onConnectionLost(cause);
                } catch (final RuntimeException e) {
                    LOG.log(Level.WARNING, "connection listener failed", e);
                }
            }
        });
    }

    /** Runs on the delivery executor. */
    private void deliver(final @NotNull ChatMessage message) {
        if (!seen.firstSighting(message.conversationId(), message.seq())) {
            LOG.fine(() -> "dropping redelivered " + message.conversationId() + " #" + message.seq());
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

    private void submit(final @NotNull Runnable task) {
        try {
            delivery.execute(task);
        } catch (final RejectedExecutionException e) {
            LOG.log(Level.FINE, "client closed; not delivering", e);
        }
    }
}
