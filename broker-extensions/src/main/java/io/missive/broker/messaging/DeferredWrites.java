package io.missive.broker.messaging;

import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.broker.store.WriteBehind;
import io.missive.storage.MongoStores;
import io.missive.storage.conversation.MemberStore;
import io.missive.storage.message.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes of derived state, coalesced instead of once per message: each direct conversation's
 * latest message and the activity time in its members' conversation lists (written together: at
 * once for a conversation that was quiet, then at most once every {@value #TOUCH_EVERY_MS} ms while
 * it is busy; one command for all conversations due), and senders' read positions (their own
 * messages are read; once a second). A busy conversation thus costs a few writes a second, not a
 * few per message, and the conversation list lags live delivery by at most a second. Losing a flush
 * (crash) is harmless: the messages since the last fan-out checkpoint are delivered again at
 * start-up (idempotently), which records their activity again.
 */
@Singleton
public final class DeferredWrites implements Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredWrites.class);
    private static final long FLUSH_EVERY_MS = 20;
    /** A conversation's members' lists are touched at most this often. */
    static final long TOUCH_EVERY_MS = 1_000;

    private final @NotNull MongoStores stores;
    private final @NotNull ConcurrentHashMap<String, StoredMessage> latest = new ConcurrentHashMap<>();
    private final @NotNull ConcurrentHashMap<String, Long> touches = new ConcurrentHashMap<>();
    /** Read positions of senders, moved to their own messages (keyed by MemberStore.readKey). */
    private final @NotNull WriteBehind<String, Long> ownReads;
    /** When each conversation's lists were last touched; entries older than the interval are dropped. */
    private final @NotNull ConcurrentHashMap<String, Long> touchedAt = new ConcurrentHashMap<>();
    /** When senders' read positions were last written. */
    private volatile long readsFlushedAt;

    private final @NotNull Workers workers;

    @Inject
    public DeferredWrites(final @NotNull MongoStores stores, final @NotNull Workers workers) {
        this.stores = stores;
        this.workers = workers;
        this.ownReads = new WriteBehind<>(Math::max, reads -> stores.members().advanceReads(reads));
    }

    @Override
    public void start() {
        workers.repeat(FLUSH_EVERY_MS, () -> flush(true), error ->
                LOG.warn("Deferred writes failed; they will be redone by recovery: {}", error.toString()));
    }

    /** A direct message: record it as its conversation's latest and move the conversation up both lists. */
    public void activity(final @NotNull StoredMessage message) {
        latest.merge(message.conversationId(), message, (a, b) -> a.seq() >= b.seq() ? a : b);
        touch(message.conversationId(), message.serverTimeMs());
    }

    /** A user sent a message: they have read the conversation up to it. */
    public void ownRead(final @NotNull String conversationId, final @NotNull String userId, final long seq) {
        ownReads.put(MemberStore.readKey(conversationId, userId), seq);
    }

    /** Move the conversation up its members' lists. */
    public void touch(final @NotNull String conversationId, final long timeMs) {
        touches.merge(conversationId, timeMs, Math::max);
    }

    /** Writes everything pending (touches only when due); completes when stored. */
    public @NotNull CompletableFuture<Void> flush() {
        return flush(false);
    }

    private @NotNull CompletableFuture<Void> flush(final boolean dueOnly) {
        final List<CompletableFuture<Void>> writes = new ArrayList<>();
        final long now = System.currentTimeMillis();
        touchedAt.values().removeIf(at -> now - at >= TOUCH_EVERY_MS);
        // a conversation's preview and its place in the lists are written together, so that a list
        // never shows a conversation moved up with the text of an older message
        final List<StoredMessage> last = new ArrayList<>();
        for (final Map.Entry<String, StoredMessage> entry : latest.entrySet()) {
            if ((!dueOnly || !touchedAt.containsKey(entry.getKey())) && latest.remove(entry.getKey(), entry.getValue())) {
                last.add(entry.getValue());
            }
        }
        final Map<String, Long> due = new HashMap<>();
        for (final Map.Entry<String, Long> entry : touches.entrySet()) {
            final String conversation = entry.getKey();
            if ((!dueOnly || !touchedAt.containsKey(conversation)) && touches.remove(conversation, entry.getValue())) {
                due.put(conversation, entry.getValue());
            }
        }
        last.forEach(m -> touchedAt.put(m.conversationId(), now));
        due.keySet().forEach(conversation -> touchedAt.put(conversation, now));
        if (!last.isEmpty()) {
            writes.add(stores.conversations().recordLast(last)); // one command for every conversation that moved
        }
        if (!due.isEmpty()) {
            writes.add(stores.members().touchAll(due)); // one command for every conversation's lists
        }
        if (!dueOnly || now - readsFlushedAt >= TOUCH_EVERY_MS) {
            readsFlushedAt = now;
            writes.add(ownReads.flush());
        }
        return CompletableFuture.allOf(writes.toArray(new CompletableFuture[0]));
    }

}
