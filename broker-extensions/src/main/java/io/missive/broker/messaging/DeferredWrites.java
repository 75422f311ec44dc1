package io.missive.broker.messaging;

import io.missive.broker.store.Workers;
import io.missive.storage.MongoStores;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes of derived state, coalesced and flushed every few milliseconds instead of once per
 * message: the "fanned out" mark of messages and each conversation's latest seq and activity
 * time. Losing a flush (crash) is harmless: unmarked messages are fanned out again at start-up
 * (idempotently) and conversation activity is re-recorded by the next message or that recovery.
 */
@Singleton
public final class DeferredWrites {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredWrites.class);
    private static final long FLUSH_EVERY_MS = 20;

    private final @NotNull MongoStores stores;
    private final @NotNull ConcurrentLinkedQueue<String> fannedOut = new ConcurrentLinkedQueue<>();
    private final @NotNull ConcurrentHashMap<String, long[]> activity = new ConcurrentHashMap<>();
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

    public void activity(final @NotNull String conversationId, final long seq, final long timeMs) {
        activity.merge(conversationId, new long[]{seq, timeMs},
                (a, b) -> new long[]{Math.max(a[0], b[0]), Math.max(a[1], b[1])});
    }

    /** Writes everything pending; completes when stored. */
    public @NotNull CompletableFuture<Void> flush() {
        final List<String> ids = new ArrayList<>();
        for (String id = fannedOut.poll(); id != null && ids.size() < 10_000; id = fannedOut.poll()) {
            ids.add(id);
        }
        final List<CompletableFuture<Void>> writes = new ArrayList<>();
        if (!ids.isEmpty()) {
            writes.add(stores.messages().markFannedOut(ids));
        }
        for (final Map.Entry<String, long[]> entry : activity.entrySet()) {
            if (activity.remove(entry.getKey(), entry.getValue())) {
                writes.add(stores.conversations().recordActivity(entry.getKey(), entry.getValue()[0],
                        entry.getValue()[1]));
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
            flush().whenComplete((ok, error) -> {
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
