package io.missive.broker.push;

import io.missive.storage.MongoStores;
import io.missive.storage.device.Device;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which devices of a user are registered for pushes, cached for {@value #TTL_MS} ms so that a busy
 * group costs no query per message: misses are loaded with one query per
 * {@value #LOAD_CHUNK} users, and a user without registered devices is cached as such.
 * Registrations and removals made on this node take effect at once; another node's within the TTL.
 */
@Singleton
public final class PushTargets {

    static final long TTL_MS = 30_000;
    private static final int LOAD_CHUNK = 1_000;
    private static final int MAX_CACHED_USERS = 200_000;

    private final @NotNull MongoStores stores;
    private final @NotNull ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    /** Moves on every invalidation: a load that started before one does not fill the cache. */
    private final @NotNull AtomicLong epoch = new AtomicLong();

    @Inject
    public PushTargets(final @NotNull MongoStores stores) {
        this.stores = stores;
    }

    /** The registered devices of each of these users (users without any are left out). */
    public @NotNull CompletableFuture<Map<String, List<Device>>> of(final @NotNull Collection<String> users) {
        final long now = System.currentTimeMillis();
        final Map<String, List<Device>> found = new HashMap<>();
        final List<String> misses = new ArrayList<>();
        for (final String user : users) {
            final Cached cached = cache.get(user);
            if (cached != null && now - cached.loadedAt < TTL_MS) {
                if (!cached.devices.isEmpty()) {
                    found.put(user, cached.devices);
                }
            } else {
                misses.add(user);
            }
        }
        if (misses.isEmpty()) {
            return CompletableFuture.completedFuture(found);
        }
        final long loadEpoch = epoch.get();
        final List<CompletableFuture<List<Device>>> loads = new ArrayList<>();
        for (int i = 0; i < misses.size(); i += LOAD_CHUNK) {
            loads.add(stores.devices().pushRegistered(misses.subList(i, Math.min(misses.size(), i + LOAD_CHUNK))));
        }
        return CompletableFuture.allOf(loads.toArray(new CompletableFuture[0])).thenApply(ignored -> {
            final Map<String, List<Device>> loaded = new HashMap<>();
            misses.forEach(user -> loaded.put(user, new ArrayList<>()));
            loads.forEach(load -> load.join().forEach(d -> loaded.computeIfAbsent(d.userId(), u -> new ArrayList<>())
                    .add(d)));
            final boolean current = epoch.get() == loadEpoch;
            loaded.forEach((user, devices) -> {
                if (current) {
                    cache.put(user, new Cached(List.copyOf(devices), now));
                }
                if (!devices.isEmpty()) {
                    found.put(user, devices);
                }
            });
            if (cache.size() > MAX_CACHED_USERS) {
                trim(now);
            }
            return found;
        });
    }

    /** The users' registrations changed: the next lookup reads them again. */
    public void invalidate(final @NotNull Collection<String> users) {
        epoch.incrementAndGet();
        users.forEach(cache::remove);
    }

    private void trim(final long now) {
        cache.values().removeIf(c -> now - c.loadedAt >= TTL_MS);
        if (cache.size() > MAX_CACHED_USERS) {
            cache.clear();
        }
    }

    private static final class Cached {
        private final @NotNull List<Device> devices;
        private final long loadedAt;

        private Cached(final @NotNull List<Device> devices, final long loadedAt) {
            this.devices = devices;
            this.loadedAt = loadedAt;
        }
    }
}
