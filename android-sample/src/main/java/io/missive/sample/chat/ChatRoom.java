package io.missive.sample.chat;

import io.missive.protocol.Ids;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ConnectionListener;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MessageListener;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.ReadState;
import io.missive.sdk.SendReceipt;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * One conversation as its screen shows it: the latest page of history, older pages on demand, live
 * messages as they arrive (each once, in seq order, whatever the order of history and live delivery),
 * and the user's own messages from the moment they are written until the server stored them.
 */
public final class ChatRoom {

    @FunctionalInterface
    public interface Listener {
        void onChanged(@NotNull List<ChatLine> lines);
    }

    private static final int PAGE = 30;

    private final @NotNull MissiveClient client;
    private final @NotNull String conversationId;
    private final @Nullable String peerUserId;
    private final @NotNull Executor callbacks;
    private final @NotNull List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final @NotNull TreeMap<Long, ChatMessage> stored = new TreeMap<>();
    private final @NotNull Map<String, Pending> pending = new LinkedHashMap<>();
    private final @NotNull MessageListener live = message -> {
        if (message.conversationId().equals(conversationId())) {
            store(List.of(message));
        }
    };
    private final @NotNull ConnectionListener synced = new ConnectionListener() {
        @Override
        public void onConnectionLost(final @NotNull MissiveException cause) {
        }

        @Override
        public void onSynced() {
            if (!loaded()) {
                loadLatest();
            }
        }
    };
    private boolean loaded;
    private boolean hasOlder;
    private long markedSeq;

    private ChatRoom(final @NotNull MissiveClient client, final @NotNull String conversationId,
                     final @Nullable String peerUserId, final @NotNull Executor callbacks) {
        this.client = client;
        this.conversationId = conversationId;
        this.peerUserId = peerUserId;
        this.callbacks = callbacks;
    }

    /** Opens a conversation of the user's list and starts loading its latest messages. */
    public static @NotNull ChatRoom open(final @NotNull MissiveClient client, final @NotNull String conversationId,
                                        final @NotNull Executor callbacks) {
        return start(new ChatRoom(client, conversationId, null, callbacks));
    }

    /** Opens the direct conversation with another user, which may not exist before the first message. */
    public static @NotNull ChatRoom openDirect(final @NotNull MissiveClient client, final @NotNull String peerUserId,
                                              final @NotNull Executor callbacks) {
        final String conversationId = Ids.directConversation(client.userId(), peerUserId);
        return start(new ChatRoom(client, conversationId, peerUserId, callbacks));
    }

    private static @NotNull ChatRoom start(final @NotNull ChatRoom room) {
        room.client.addMessageListener(room.live);
        room.client.addConnectionListener(room.synced);
        room.loadLatest();
        return room;
    }

    /** Stops following the conversation. */
    public void close() {
        client.removeMessageListener(live);
        client.removeConnectionListener(synced);
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    /**
     * Reads the latest page of history (done by itself at opening, and again after a catch-up if it
     * failed, e.g. because the app opened the room while offline).
     */
    public @NotNull CompletableFuture<List<ChatLine>> loadLatest() {
        return read(HistoryQuery.latest(PAGE));
    }

    /** Reads the page before the oldest message shown; completes with whether there are still older ones. */
    public @NotNull CompletableFuture<Boolean> loadOlder() {
        final Long oldest;
        synchronized (this) {
            oldest = stored.isEmpty() ? null : stored.firstKey();
        }
        if (oldest == null) {
            return loadLatest().thenApply(lines -> hasOlder());
        }
        return read(HistoryQuery.before(oldest, PAGE)).thenApply(lines -> hasOlder());
    }

    public synchronized boolean hasOlder() {
        return hasOlder;
    }

    public synchronized boolean loaded() {
        return loaded;
    }

    /**
     * Shows the text at once as {@link ChatLine.State#SENDING} and sends it; the SDK keeps it while
     * offline and sends it once connected. The line becomes {@link ChatLine.State#STORED} with the
     * receipt, or {@link ChatLine.State#FAILED} when the server refuses it for good.
     */
    public @NotNull CompletableFuture<SendReceipt> send(final @NotNull String text) {
        final OutgoingMessage message = (peerUserId != null
                ? OutgoingMessage.toUser(peerUserId)
                : OutgoingMessage.toConversation(conversationId)).text(text).build();
        synchronized (this) {
            pending.put(message.clientMsgId(), new Pending(text));
        }
        changed();
        return client.send(message).whenComplete((receipt, failure) -> {
            if (failure == null) {
                store(List.of(ChatMessage.builder().conversationId(receipt.conversationId()).seq(receipt.seq())
                        .messageId(receipt.messageId()).senderUserId(client.userId())
                        .senderDeviceId(client.deviceId()).clientMsgId(receipt.clientMsgId())
                        .serverTime(receipt.serverTime()).text(text).build()));
                return;
            }
            synchronized (this) {
                final Pending line = pending.get(message.clientMsgId());
                if (line != null) {
                    line.failed = true;
                }
            }
            changed();
        });
    }

    /**
     * Moves the user's read position to the newest message shown (call it while the screen is visible,
     * and when messages arrive then). Completes empty when there was nothing new to mark.
     */
    public @NotNull CompletableFuture<Optional<ReadState>> markRead() {
        final long newest;
        final long before;
        synchronized (this) {
            newest = stored.isEmpty() ? 0 : stored.lastKey();
            before = markedSeq;
            if (newest <= markedSeq) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            markedSeq = newest;
        }
        return client.markRead(conversationId, newest).whenComplete((state, failure) -> {
            if (failure != null) {
                synchronized (this) {
                    if (markedSeq == newest) {
                        markedSeq = before; // the next call tries again
                    }
                }
            }
        }).thenApply(Optional::of);
    }

    /** Stored messages in seq order, then the user's messages on their way, in the order written. */
    public synchronized @NotNull List<ChatLine> lines() {
        final List<ChatLine> lines = new ArrayList<>(stored.size() + pending.size());
        for (final ChatMessage message : stored.values()) {
            final boolean mine = message.senderUserId().equals(client.userId());
            lines.add(new ChatLine(key(message.senderDeviceId(), message.clientMsgId()), message.seq(),
                    message.senderUserId(), MessageText.of(message), mine, ChatLine.State.STORED));
        }
        for (final Map.Entry<String, Pending> line : pending.entrySet()) {
            lines.add(new ChatLine(key(client.deviceId(), line.getKey()), 0, client.userId(), line.getValue().text,
                    true, line.getValue().failed ? ChatLine.State.FAILED : ChatLine.State.SENDING));
        }
        return lines;
    }

    /** Called on the callback executor at every change; it is told the current lines at once. */
    public void addListener(final @NotNull Listener listener) {
        listeners.add(listener);
        final List<ChatLine> now = lines();
        callbacks.execute(() -> listener.onChanged(now));
    }

    public void removeListener(final @NotNull Listener listener) {
        listeners.remove(listener);
    }

    private @NotNull CompletableFuture<List<ChatLine>> read(final @NotNull HistoryQuery query) {
        return client.history(conversationId, query).handle((HistoryPage page, Throwable failure) -> {
            if (failure != null && !neverWritten(failure)) {
                throw failure instanceof CompletionException ? (CompletionException) failure
                        : new CompletionException(failure);
            }
            synchronized (this) {
                loaded = true;
                if (page != null) {
                    hasOlder = page.hasMore();
                }
            }
            if (page != null) {
                store(page.messages());
            } else {
                changed();
            }
            return lines();
        });
    }

    /** A direct conversation nobody wrote in yet does not exist: its history is empty. */
    private boolean neverWritten(final @NotNull Throwable failure) {
        final Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        return peerUserId != null && cause instanceof MissiveException
                && (((MissiveException) cause).code() == ErrorCode.NOT_FOUND
                || ((MissiveException) cause).code() == ErrorCode.NOT_A_MEMBER);
    }

    private void store(final @NotNull List<ChatMessage> messages) {
        synchronized (this) {
            for (final ChatMessage message : messages) {
                stored.put(message.seq(), message);
                if (message.senderDeviceId().equals(client.deviceId())) {
                    pending.remove(message.clientMsgId());
                }
            }
        }
        changed();
    }

    private void changed() {
        final List<ChatLine> lines = lines();
        for (final Listener listener : listeners) {
            callbacks.execute(() -> listener.onChanged(lines));
        }
    }

    private static @NotNull String key(final @NotNull String deviceId, final @NotNull String clientMsgId) {
        return deviceId + "/" + clientMsgId;
    }

    /** A message of the user's on its way; guarded by the room. */
    private static final class Pending {
        private final @NotNull String text;
        private boolean failed;

        Pending(final @NotNull String text) {
            this.text = text;
        }
    }
}
