package io.missive.sample.conversations;

import io.missive.protocol.Ids;
import io.missive.sample.chat.MessageText;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ConnectionListener;
import io.missive.sdk.ConversationListener;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.ConversationType;
import io.missive.sdk.MessageListener;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import io.missive.sdk.ReadListener;
import io.missive.sdk.ReadState;
import io.missive.sdk.UnreadCounts;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The user's conversations, most recent activity first, each with its unread badge, kept current
 * while the app runs.
 *
 * <p>A badge is what the server counts: the conversation's latest seq minus the user's read position.
 * Messages move the latest seq as they arrive; the user's own messages and read receipts from any of
 * the user's devices move the read position. The server's counts (which trail messages by up to
 * its flush interval) give the read position of everything else: they are read after every catch-up
 * with the whole list ({@link #refresh()}), and again once messages from others have stopped
 * arriving for {@link #SETTLE} ({@link #reconcile()}).
 */
public final class ConversationList {

    @FunctionalInterface
    public interface Listener {
        void onChanged(@NotNull List<ConversationRow> rows, long totalUnread);
    }

    /** Longer than the server's counter flush interval (200 ms by default). */
    static final Duration SETTLE = Duration.ofSeconds(1);
    private static final int PAGE = 200;
    private static final int PREVIEW_LENGTH = 80;

    private final @NotNull MissiveClient client;
    private final @NotNull Executor callbacks;
    private final @NotNull List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final @NotNull Map<String, Entry> entries = new HashMap<>();
    private final @NotNull QuietPeriod settled = new QuietPeriod("missive-sample-unread", SETTLE, this::reconcile);
    private final @NotNull MessageListener messages = this::onMessage;
    private final @NotNull ReadListener reads = this::onRead;
    private final @NotNull ConversationListener settings = this::onSettings;
    private final @NotNull ConnectionListener synced = new ConnectionListener() {
        @Override
        public void onConnectionLost(final @NotNull MissiveException cause) {
        }

        @Override
        public void onSynced() {
            refresh();
        }
    };

    private ConversationList(final @NotNull MissiveClient client, final @NotNull Executor callbacks) {
        this.client = client;
        this.callbacks = callbacks;
    }

    /** Starts following the client's messages, read positions and settings; before it connects, ideally. */
    public static @NotNull ConversationList attach(final @NotNull MissiveClient client,
                                                   final @NotNull Executor callbacks) {
        final ConversationList list = new ConversationList(client, callbacks);
        client.addMessageListener(list.messages);
        client.addReadListener(list.reads);
        client.addConversationListener(list.settings);
        client.addConnectionListener(list.synced);
        return list;
    }

    public void detach() {
        client.removeMessageListener(messages);
        client.removeReadListener(reads);
        client.removeConversationListener(settings);
        client.removeConnectionListener(synced);
        settled.stop();
    }

    /** Called on the callback executor at every change; it is told the current rows at once. */
    public void addListener(final @NotNull Listener listener) {
        listeners.add(listener);
        final List<ConversationRow> rows = rows();
        final long total = totalUnread();
        callbacks.execute(() -> listener.onChanged(rows, total));
    }

    public void removeListener(final @NotNull Listener listener) {
        listeners.remove(listener);
    }

    /** Most recent activity first. */
    public synchronized @NotNull List<ConversationRow> rows() {
        final List<ConversationRow> rows = new ArrayList<>(entries.size());
        for (final Entry entry : entries.values()) {
            rows.add(entry.row());
        }
        rows.sort(Comparator.comparing(ConversationRow::lastActivity).reversed()
                .thenComparing(ConversationRow::conversationId));
        return rows;
    }

    /** The app's badge: unread messages over all conversations. */
    public synchronized long totalUnread() {
        long total = 0;
        for (final Entry entry : entries.values()) {
            total += entry.unread();
        }
        return total;
    }

    /**
     * Reads the whole list and the unread counts from the server (done by itself after every
     * catch-up). When the server's counters are unavailable the badges stay as they were.
     */
    public @NotNull CompletableFuture<List<ConversationRow>> refresh() {
        // the list before the counts: a message in between then shows as unread until the next refresh,
        // instead of hiding one that is
        return allPages(null, new ArrayList<>())
                .thenCompose(summaries -> client.unreadCounts().thenApply(counts -> {
                    apply(summaries, counts);
                    return rows();
                }));
    }

    private @NotNull CompletableFuture<List<ConversationSummary>> allPages(
            final @Nullable String cursor, final @NotNull List<ConversationSummary> gathered) {
        return client.listConversations(cursor, PAGE).thenCompose((ConversationPage page) -> {
            gathered.addAll(page.conversations());
            return page.hasMore()
                    ? allPages(page.nextCursor(), gathered)
                    : CompletableFuture.completedFuture(gathered);
        });
    }

    private void apply(final @NotNull List<ConversationSummary> summaries, final @NotNull UnreadCounts counts) {
        synchronized (this) {
            for (final ConversationSummary summary : summaries) {
                final Entry entry = entries.computeIfAbsent(summary.conversationId(),
                        id -> new Entry(id, client.userId()));
                entry.group = summary.type() == ConversationType.GROUP;
                entry.title = summary.name();
                entry.muted = summary.muted();
                if (summary.lastActivity().isAfter(entry.lastActivity)) {
                    entry.lastActivity = summary.lastActivity();
                    entry.preview = summary.lastMessage().map(ConversationList::preview).orElse(entry.preview);
                }
                entry.latestSeq = Math.max(entry.latestSeq, summary.latestSeq());
                if (counts.available()) {
                    entry.countedReadSeq = summary.latestSeq() - counts.count(summary.conversationId());
                } else if (!entry.counted) {
                    entry.countedReadSeq = entry.latestSeq; // unknown: no badge rather than a made-up one
                }
                entry.counted = true;
            }
        }
        changed();
    }

    /** Reads the unread counts again (done by itself once messages from others stopped arriving). */
    public @NotNull CompletableFuture<Void> reconcile() {
        final Map<String, Long> latestSeqs = new HashMap<>();
        synchronized (this) {
            entries.forEach((id, entry) -> latestSeqs.put(id, entry.latestSeq));
        }
        return client.unreadCounts().thenAccept(counts -> {
            if (!counts.available()) {
                return;
            }
            synchronized (this) {
                latestSeqs.forEach((id, latestSeq) -> {
                    final Entry entry = entries.get(id);
                    entry.countedReadSeq = latestSeq - counts.count(id);
                    entry.counted = true;
                });
            }
            changed();
        });
    }

    private void onMessage(final @NotNull ChatMessage message) {
        final boolean unknown;
        synchronized (this) {
            unknown = !entries.containsKey(message.conversationId());
            final Entry entry = entries.computeIfAbsent(message.conversationId(),
                    id -> new Entry(id, client.userId()));
            entry.latestSeq = Math.max(entry.latestSeq, message.seq());
            if (message.senderUserId().equals(client.userId())) {
                entry.ownReadSeq = Math.max(entry.ownReadSeq, message.seq()); // what you answer you have read
            } else {
                settled.touch();
            }
            if (!message.serverTime().isBefore(entry.lastActivity)) {
                entry.lastActivity = message.serverTime();
                entry.preview = preview(message);
            }
        }
        changed();
        if (unknown && client.isConnected()) {
            refresh(); // a new conversation: its name and settings come from the server
        }
    }

    private void onRead(final @NotNull ReadState state) {
        if (state.userId().equals(client.userId())) {
            update(state.conversationId(), entry -> entry.ownReadSeq = Math.max(entry.ownReadSeq, state.seq()));
        }
    }

    private void onSettings(final @NotNull ConversationSettings changed) {
        update(changed.conversationId(), entry -> entry.muted = changed.muted());
    }

    private void update(final @NotNull String conversationId, final @NotNull Consumer<Entry> change) {
        synchronized (this) {
            final Entry entry = entries.get(conversationId);
            if (entry == null) {
                return;
            }
            change.accept(entry);
        }
        changed();
    }

    private void changed() {
        final List<ConversationRow> rows = rows();
        final long total = totalUnread();
        for (final Listener listener : listeners) {
            callbacks.execute(() -> listener.onChanged(rows, total));
        }
    }

    private static @NotNull String preview(final @NotNull ChatMessage message) {
        final String text = MessageText.of(message).replace('\n', ' ');
        return text.length() <= PREVIEW_LENGTH ? text : text.substring(0, PREVIEW_LENGTH - 1) + "…";
    }

    /** What is known of one conversation; guarded by the list. */
    private static final class Entry {
        private final @NotNull String conversationId;
        private @NotNull String title;
        private @NotNull String preview = "";
        private @NotNull Instant lastActivity = Instant.EPOCH;
        private long latestSeq;
        /** Read up to here for sure: the user's own messages and read receipts seen here. */
        private long ownReadSeq;
        /** Read up to here as the server's count said (latest seq minus the count when it was read). */
        private long countedReadSeq;
        private boolean counted;
        private boolean muted;
        private boolean group;

        Entry(final @NotNull String conversationId, final @NotNull String userId) {
            this.conversationId = conversationId;
            this.group = Ids.isGroupConversation(conversationId);
            // until the server names it: the other user of a direct conversation
            final String[] participants = Ids.directParticipants(conversationId);
            this.title = participants == null ? conversationId
                    : participants[0].equals(userId) ? participants[1] : participants[0];
        }

        long unread() {
            return Math.max(0, latestSeq - Math.max(ownReadSeq, countedReadSeq));
        }

        @NotNull ConversationRow row() {
            return new ConversationRow(conversationId, title, preview, lastActivity, unread(), muted, group);
        }
    }
}
