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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes of derived state, coalesced instead of once per message: each direct conversation's
 * latest message and the activity time in its members' conversation lists (written together: at
 * once for a conversation that was quiet, then at most once every {@value #TOUCH_EVERY_MS} ms while
 * it is busy; one command for all conversations due), and senders' read positions (their own
 * messages are read; once a second). A busy conversation thus costs a few writes a second, not a
 * few per message, and the conversation list lags live delivery by at most a second. A failed write
 * goes with the next flush ({@link WriteBehind}); losing a flush (crash) is harmless: the messages since the last fan-out checkpoint are delivered again at
 * start-up (idempotently), which records their activity again.
 */
@Singleton
public final class DeferredWrites implements Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredWrites.class);
    private static final long FLUSH_EVERY_MS = 20;
    /** A conversation's members' lists are touched at most this often. */
    static final long TOUCH_EVERY_MS = 1_000;

    private final @NotNull MongoStores stores;
    /** Each direct conversation's latest message (its preview). */
    private final @NotNull WriteBehind<String, StoredMessage> latest;
    /** Per conversation, the time its members' lists move to. */
    private final @NotNull WriteBehind<String, Long> touches;
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
        // one command for every conversation that moved, one for every conversation's lists
        this.latest = new WriteBehind<>((a, b) -> a.seq() >= b.seq() ? a : b,
                batch -> stores.conversations().recordLast(new ArrayList<>(batch.values())));
        this.touches = new WriteBehind<>(Math::max, batch -> stores.members().touchAll(batch));
    }

    @Override
    public void start() {
        workers.repeat(FLUSH_EVERY_MS, () -> flush(true), error ->
                LOG.warn("Deferred writes failed; they go with the next flush: {}", error.toString()));
    }

    /** A direct message: record it as its conversation's latest and move the conversation up both lists. */
    public void activity(final @NotNull StoredMessage message) {
        latest.put(message.conversationId(), message);
        touch(message.conversationId(), message.serverTimeMs());
    }

    /** A user sent a message: they have read the conversation up to it. */
    public void ownRead(final @NotNull String conversationId, final @NotNull String userId, final long seq) {
        ownReads.put(MemberStore.readKey(conversationId, userId), seq);
    }

    /** Move the conversation up its members' lists. */
    public void touch(final @NotNull String conversationId, final long timeMs) {
        touches.put(conversationId, timeMs);
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
        final Set<String> due = new HashSet<>(latest.keys());
        due.addAll(touches.keys());
        if (dueOnly) {
            due.removeIf(touchedAt::containsKey);
        }
        due.forEach(conversation -> touchedAt.put(conversation, now));
        writes.add(latest.flush(due::contains));
        writes.add(touches.flush(due::contains));
        if (!dueOnly || now - readsFlushedAt >= TOUCH_EVERY_MS) {
            readsFlushedAt = now;
            writes.add(ownReads.flush());
        }
        return CompletableFuture.allOf(writes.toArray(new CompletableFuture[0]));
    }

}
