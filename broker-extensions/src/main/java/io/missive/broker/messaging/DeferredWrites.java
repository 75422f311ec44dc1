package io.missive.broker.messaging;

import io.missive.broker.store.Workers;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes of derived state, coalesced and flushed every few milliseconds instead of once per
 * message: the "fanned out" mark of messages, each direct conversation's latest message, senders'
 * read positions (their own messages are read), and the activity time in members' conversation
 * lists. The latter is one multi-document update per
 * conversation, and at most one per second for a busy one, whatever its size. Losing a flush
 * (crash) is harmless: unmarked messages are delivered again at start-up (idempotently), which
 * records their activity again.
 */
@Singleton
public final class DeferredWrites {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredWrites.class);
    private static final long FLUSH_EVERY_MS = 20;
    /** A conversation's members' lists are touched at most this often. */
    static final long TOUCH_EVERY_MS = 1_000;

    private final @NotNull MongoStores stores;
    private final @NotNull ConcurrentLinkedQueue<String> fannedOut = new ConcurrentLinkedQueue<>();
    private final @NotNull ConcurrentHashMap<String, StoredMessage> latest = new ConcurrentHashMap<>();
    private final @NotNull ConcurrentHashMap<String, Long> touches = new ConcurrentHashMap<>();
    /** Read positions of senders, moved to their own messages (keyed by MemberStore.readKey). */
    private final @NotNull ConcurrentHashMap<String, Long> ownReads = new ConcurrentHashMap<>();
    /** When each conversation's lists were last touched; entries older than the interval are dropped. */
    private final @NotNull ConcurrentHashMap<String, Long> touchedAt = new ConcurrentHashMap<>();
    private final @NotNull AtomicBoolean flushing = new AtomicBoolean();

    @Inject
    public DeferredWrites(final @NotNull MongoStores stores, final @NotNull Workers workers) {
        this.stores = stores;
        workers.timer().scheduleWithFixedDelay(this::flushQuietly, FLUSH_EVERY_MS, FLUSH_EVERY_MS,
                TimeUnit.MILLISECONDS);
    }

    public void fannedOut(final @NotNull String messageId) {
        fannedOut.add(messageId);
    }

    /** A direct message: record it as its conversation's latest and move the conversation up both lists. */
    public void activity(final @NotNull StoredMessage message) {
        latest.merge(message.conversationId(), message, (a, b) -> a.seq() >= b.seq() ? a : b);
        touch(message.conversationId(), message.serverTimeMs());
    }

    /** A user sent a message: they have read the conversation up to it. */
    public void ownRead(final @NotNull String conversationId, final @NotNull String userId, final long seq) {
        ownReads.merge(MemberStore.readKey(conversationId, userId), seq, Math::max);
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
        final List<String> ids = new ArrayList<>();
        for (String id = fannedOut.poll(); id != null && ids.size() < 10_000; id = fannedOut.poll()) {
            ids.add(id);
        }
        final List<CompletableFuture<Void>> writes = new ArrayList<>();
        if (!ids.isEmpty()) {
            writes.add(stores.messages().markFannedOut(ids));
        }
        final List<StoredMessage> last = new ArrayList<>();
        for (final Map.Entry<String, StoredMessage> entry : latest.entrySet()) {
            if (latest.remove(entry.getKey(), entry.getValue())) {
                last.add(entry.getValue());
            }
        }
        if (!last.isEmpty()) {
            // one command for every conversation that moved
            writes.add(stores.conversations().recordLast(last));
        }
        final Map<String, Long> reads = new HashMap<>();
        for (final Map.Entry<String, Long> entry : ownReads.entrySet()) {
            if (ownReads.remove(entry.getKey(), entry.getValue())) {
                reads.put(entry.getKey(), entry.getValue());
            }
        }
        if (!reads.isEmpty()) {
            writes.add(stores.members().advanceReads(reads));
        }
        final long now = System.currentTimeMillis();
        touchedAt.values().removeIf(at -> now - at >= TOUCH_EVERY_MS);
        for (final Map.Entry<String, Long> entry : touches.entrySet()) {
            final String conversation = entry.getKey();
            if ((!dueOnly || !touchedAt.containsKey(conversation)) && touches.remove(conversation, entry.getValue())) {
                touchedAt.put(conversation, now);
                writes.add(stores.members().touch(conversation, entry.getValue()));
            }
        }
        return CompletableFuture.allOf(writes.toArray(new CompletableFuture[0]));
    }

    /** Timer tick: starts a flush unless the previous one is still running; never waits for it. */
    private void flushQuietly() {
        if (!flushing.compareAndSet(false, true)) {
            return;
        }
        try {
            flush(true).whenComplete((ok, error) -> {
                flushing.set(false);
                if (error != null) {
                    LOG.warn("Deferred writes failed; they will be redone by recovery: {}", error.toString());
                }
            });
        } catch (final RuntimeException e) {
            flushing.set(false);
            LOG.warn("Deferred writes failed; they will be redone by recovery: {}", e.toString());
        }
    }
}
