package io.missive.broker.group;

import io.missive.storage.MongoStores;
import io.missive.storage.message.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Records each group's latest seq (and its last message, for list previews) before the message is
 * delivered live: a device that reads its conversation list after subscribing then always sees a
 * seq at least as high as any live message it missed. Writes of one group are combined: while
 * one is in flight, the messages arriving meanwhile wait for a single next write of the highest.
 */
@Singleton
public final class LatestMessages {

    private final @NotNull MongoStores stores;
    /** Guarded by this. */
    private final @NotNull Map<String, Slot> slots = new HashMap<>();

    @Inject
    public LatestMessages(final @NotNull MongoStores stores) {
        this.stores = stores;
    }

    public @NotNull CompletableFuture<Void> record(final @NotNull StoredMessage message) {
        final CompletableFuture<Void> recorded = new CompletableFuture<>();
        final boolean start;
        synchronized (this) {
            final Slot slot = slots.computeIfAbsent(message.conversationId(), id -> new Slot());
            if (slot.pending == null || message.seq() > slot.pending.seq()) {
                slot.pending = message;
            }
            slot.waiters.add(recorded);
            start = !slot.writing;
            slot.writing = true;
        }
        if (start) {
            writeNext(message.conversationId());
        }
        return recorded;
    }

    private void writeNext(final @NotNull String conversationId) {
        final StoredMessage message;
        final List<CompletableFuture<Void>> waiters;
        synchronized (this) {
            final Slot slot = slots.get(conversationId);
            if (slot.pending == null) {
                slots.remove(conversationId);
                return;
            }
            message = slot.pending;
            waiters = slot.waiters;
            slot.pending = null;
            slot.waiters = new ArrayList<>();
        }
        stores.conversations().recordLast(message).whenComplete((ok, error) -> {
            for (final CompletableFuture<Void> waiter : waiters) {
                if (error != null) {
                    waiter.completeExceptionally(error);
                } else {
                    waiter.complete(null);
                }
            }
            writeNext(conversationId);
        });
    }

    private static final class Slot {
        private StoredMessage pending;
        private List<CompletableFuture<Void>> waiters = new ArrayList<>();
        private boolean writing;
    }
}
