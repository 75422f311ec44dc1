package io.missive.broker.push;

import io.missive.protocol.Ids;
import io.missive.storage.MongoStores;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Users' display names and groups' names for notifications, cached for a minute. A name that cannot be
 * loaded is the last one known, else the id.
 */
final class DisplayNames {

    private static final long TTL_MS = 60_000;
    private static final int MAX_NAMES = 50_000;

    private final @NotNull MongoStores stores;
    private final @NotNull ConcurrentHashMap<String, Name> names = new ConcurrentHashMap<>();

    DisplayNames(final @NotNull MongoStores stores) {
        this.stores = stores;
    }

    /** Display names of the senders and, for a group, its name (keyed by the conversation id). */
    @NotNull CompletableFuture<Map<String, String>> of(final @NotNull String conversationId,
                                                       final @NotNull Set<String> senders) {
        final Map<String, String> found = new ConcurrentHashMap<>();
        final long now = System.currentTimeMillis();
        final List<CompletableFuture<Void>> loads = new ArrayList<>();
        for (final String sender : senders) {
            loads.add(name(sender, now, () -> stores.users().find(sender)
                    .thenApply(u -> u.map(user -> user.displayName()).orElse(sender)))
                    .thenAccept(n -> found.put(sender, n)));
        }
        if (Ids.isGroupConversation(conversationId)) {
            loads.add(name(conversationId, now, () -> stores.conversations().find(conversationId)
                    .thenApply(c -> c.map(r -> r.name()).orElse("")))
                    .thenAccept(n -> found.put(conversationId, n)));
        }
        return CompletableFuture.allOf(loads.toArray(new CompletableFuture[0])).thenApply(ignored -> found);
    }

    private @NotNull CompletableFuture<String> name(final @NotNull String key, final long now,
                                                    final @NotNull Supplier<CompletableFuture<String>> load) {
        final Name cached = names.get(key);
        if (cached != null && now - cached.at() < TTL_MS) {
            return CompletableFuture.completedFuture(cached.name());
        }
        return load.get().thenApply(name -> {
            if (names.size() >= MAX_NAMES) {
                names.clear();
            }
            names.put(key, new Name(name, now));
            return name;
        }).exceptionally(error -> Optional.ofNullable(cached).map(Name::name).orElse(key));
    }

    private record Name(@NotNull String name, long at) {
    }
}
