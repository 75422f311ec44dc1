package io.missive.broker.group;

import io.missive.storage.MongoStores;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Who is in each group, as this node serves it: changes of one group run one after another, and
 * a member snapshot is read only between changes, so a send checked against it and the members
 * its message is delivered to never see half a change. Snapshots are cached (bounded) and
 * dropped whenever a change of the group completes.
 */
@Singleton
public final class GroupMembers {

    private static final int CACHED_GROUPS = 2_000;

    private final @NotNull MongoStores stores;
    /** The last pending change of each group; guarded by itself. */
    private final @NotNull Map<String, CompletableFuture<Void>> changes = new HashMap<>();
    private final @NotNull Map<String, GroupSnapshot> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(final Map.Entry<String, GroupSnapshot> eldest) {
                    return size() > CACHED_GROUPS;
                }
            });
    /** Bumped by every completed change: a snapshot read across one is not cached. */
    private final @NotNull AtomicLong generation = new AtomicLong();

    @Inject
    public GroupMembers(final @NotNull MongoStores stores) {
        this.stores = stores;
    }

    /** Runs a change of the group after the changes before it; snapshots wait for it. */
    public <T> @NotNull CompletableFuture<T> change(final @NotNull String conversationId,
                                                    final @NotNull Supplier<CompletableFuture<T>> work) {
        final CompletableFuture<Void> tail = new CompletableFuture<>();
        final CompletableFuture<Void> before;
        synchronized (changes) {
            final CompletableFuture<Void> previous = changes.put(conversationId, tail);
            before = previous == null ? CompletableFuture.completedFuture(null) : previous;
        }
        final CompletableFuture<T> result = before.thenCompose(ignored -> work.get());
        result.whenComplete((value, error) -> {
            generation.incrementAndGet();
            cache.remove(conversationId);
            synchronized (changes) {
                changes.remove(conversationId, tail);
            }
            tail.complete(null);
        });
        return result;
    }

    /** The group's members once every change started before this call has been applied. */
    public @NotNull CompletableFuture<GroupSnapshot> snapshot(final @NotNull String conversationId) {
        final CompletableFuture<Void> pending;
        synchronized (changes) {
            pending = changes.get(conversationId);
        }
        if (pending == null) {
            return current(conversationId);
        }
        return pending.thenCompose(ignored -> current(conversationId));
    }

    /** Reads the members now, bypassing the cache (inside a change, after applying it). */
    @NotNull CompletableFuture<GroupSnapshot> reload(final @NotNull String conversationId) {
        return stores.members().active(conversationId).thenApply(GroupSnapshot::new);
    }

    private @NotNull CompletableFuture<GroupSnapshot> current(final @NotNull String conversationId) {
        final GroupSnapshot cached = cache.get(conversationId);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        final long readAt = generation.get();
        return reload(conversationId).thenApply(snapshot -> {
            synchronized (changes) {
                if (generation.get() == readAt && !changes.containsKey(conversationId)) {
                    cache.put(conversationId, snapshot);
                }
            }
            return snapshot;
        });
    }
}
