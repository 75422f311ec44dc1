package io.missive.broker.contact;

import io.missive.storage.MongoStores;
import io.missive.storage.contact.Relation;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The relations the message path asks about ("does either block the other?"), cached per pair
 * (bounded) and replaced whenever this node changes one, so that a busy conversation does not
 * pay a lookup per message.
 */
@Singleton
public final class Relations {

    private static final int REMEMBERED = 100_000;

    private final @NotNull MongoStores stores;
    private final @NotNull Map<String, Relation> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(final Map.Entry<String, Relation> eldest) {
                    return size() > REMEMBERED;
                }
            });

    @Inject
    public Relations(final @NotNull MongoStores stores) {
        this.stores = stores;
    }

    private static @NotNull String key(final @NotNull String one, final @NotNull String other) {
        return one.compareTo(other) < 0 ? one + "|" + other : other + "|" + one;
    }

    public @NotNull CompletableFuture<Relation> of(final @NotNull String one, final @NotNull String other) {
        final Relation cached = cache.get(key(one, other));
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return stores.contacts().find(one, other).thenApply(relation -> {
            cache.putIfAbsent(key(one, other), relation);
            return relation;
        });
    }

    /** This node stored a new relation of the pair. */
    void changed(final @NotNull String one, final @NotNull String other, final @NotNull Relation relation) {
        cache.put(key(one, other), relation);
    }

    /** The stored relation moved on under this node: read it again next time. */
    void forget(final @NotNull String one, final @NotNull String other) {
        cache.remove(key(one, other));
    }
}
