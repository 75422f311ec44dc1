package io.missive.broker.presence;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.contact.Relations;
import io.missive.broker.request.Identity;
import io.missive.broker.request.Replies;
import io.missive.broker.request.RequestException;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.broker.store.WriteBehind;
import io.missive.protocol.Ids;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.PresenceList;
import io.missive.protocol.v1.PresenceSubscription;
import io.missive.protocol.v1.SyncEvent;
import io.missive.storage.MongoStores;
import io.missive.storage.contact.Relation;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Who is online, and who follows whom. A user is online while any of their devices is connected;
 * when the last one goes, the time is kept as "last seen". MQTT keepalive is the heartbeat: the
 * broker drops a device that stops answering within 1.5 times its keepalive, which ends its
 * connection here like a DISCONNECT would; clients send no presence traffic of their own.
 *
 * <p>A device follows the presence of some of its user's accepted contacts for as long as it is
 * connected. A change is announced only once no other change of that user came for
 * {@code presence.debounce-ms}, and only if it differs from the last announced state, so a
 * flapping connection does not flood followers: it is announced when it settles. Announcements go to each following user's stream topic as version 0 events.
 */
@Singleton
public final class Presence implements Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
    private static final int MAX_FOLLOWED_PER_DEVICE = 5_000;
    static final long LAST_SEEN_WRITE_EVERY_MS = 1_000;

    private final @NotNull MongoStores stores;
    private final @NotNull Relations relations;
    private final @NotNull Replies replies;
    private final @NotNull Workers workers;
    private final long debounceMs;
    /** Connected devices per user. */
    private final @NotNull ConcurrentHashMap<String, Integer> devices = new ConcurrentHashMap<>();
    /** The state followers were last told, per user (absent: offline). */
    private final @NotNull ConcurrentHashMap<String, Boolean> announced = new ConcurrentHashMap<>();
    /** Counts the connection changes of users whose debounce is running. */
    private final @NotNull ConcurrentHashMap<String, Long> changes = new ConcurrentHashMap<>();
    /** When each user's last device went away, as seen by this node. */
    private final @NotNull ConcurrentHashMap<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** Last-seen times not yet stored: written once a second, many users in one command. */
    private final @NotNull WriteBehind<String, Long> lastSeenWrites;
    /** Followed user → following devices (each set guarded by itself). */
    private final @NotNull ConcurrentHashMap<String, Set<Identity>> followers = new ConcurrentHashMap<>();
    /** Connection ({@link Identity#connectionKey()}) → the users it follows. */
    private final @NotNull ConcurrentHashMap<String, Set<String>> following = new ConcurrentHashMap<>();

    @Inject
    public Presence(final @NotNull MongoStores stores, final @NotNull Relations relations,
                    final @NotNull Replies replies, final @NotNull Workers workers,
                    final @NotNull ExtensionConfig config) {
        this.stores = stores;
        this.relations = relations;
        this.replies = replies;
        this.workers = workers;
        this.debounceMs = config.presenceDebounceMs();
        this.lastSeenWrites = new WriteBehind<>(Math::max, batch -> stores.users().recordLastSeenAll(batch));
    }

    /** A device of the user connected. */
    public void connected(final @NotNull String userId) {
        devices.merge(userId, 1, Integer::sum);
        changed(userId);
    }

    /** A device's connection ended (any way: DISCONNECT, lost, keepalive expired, taken over). */
    public void disconnected(final @NotNull Identity device) {
        final Set<String> followed = following.remove(device.connectionKey());
        if (followed != null) {
            followed.forEach(user -> unfollow(user, device));
        }
        final String user = device.userId();
        final Integer left = devices.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
        if (left == null) {
            final long now = System.currentTimeMillis();
            lastSeen.put(user, now);
            lastSeenWrites.put(user, now);
        }
        changed(user);
    }

    @Override
    public void start() {
        workers.repeat(LAST_SEEN_WRITE_EVERY_MS, lastSeenWrites::flush, error ->
                LOG.warn("Last-seen times not stored, retried in {} ms: {}", LAST_SEEN_WRITE_EVERY_MS, error.toString()));
    }

    /** Stores the last-seen times taken so far (at stop); completes when stored. */
    public @NotNull CompletableFuture<Void> flush() {
        return lastSeenWrites.flush();
    }

    public boolean online(final @NotNull String userId) {
        return devices.containsKey(userId);
    }

    /** A connection of the user started or ended: announce once the state has held for the debounce. */
    private void changed(final @NotNull String userId) {
        if (debounceMs == 0) {
            announceIfChanged(userId);
            return;
        }
        final long generation = changes.merge(userId, 1L, Long::sum);
        workers.timer().schedule(() -> {
            // a later change restarted the wait: that one decides
            if (changes.remove(userId, generation)) {
                announceIfChanged(userId);
            }
        }, debounceMs, TimeUnit.MILLISECONDS);
    }

    /** After the debounce: tell followers if the state now differs from what they were last told. */
    private void announceIfChanged(final @NotNull String userId) {
        final boolean now = online(userId);
        final boolean told = announced.getOrDefault(userId, false);
        if (now == told) {
            return;
        }
        if (now) {
            announced.put(userId, true);
        } else {
            announced.remove(userId);
        }
        final Set<Identity> audience = followers.get(userId);
        if (audience == null) {
            return;
        }
        final io.missive.protocol.v1.Presence state = state(userId, lastSeen.getOrDefault(userId, 0L));
        final byte[] event = SyncEvent.newBuilder().setVersion(0).setPresence(state).build().toByteArray();
        final Set<String> users = new HashSet<>();
        synchronized (audience) {
            audience.forEach(device -> users.add(device.userId()));
        }
        users.forEach(follower -> replies.liveEvent(Topics.userStream(follower), event));
    }

    /**
     * The state followers know: the last announced one, so that a follower's starting point and the
     * changes it is told later agree (a change still inside its debounce is not yet visible).
     */
    private @NotNull io.missive.protocol.v1.Presence state(final @NotNull String userId, final long seen) {
        final boolean on = announced.getOrDefault(userId, false);
        return io.missive.protocol.v1.Presence.newBuilder().setUserId(userId).setOnline(on)
                .setLastSeenMs(on ? 0 : seen).build();
    }

    /** Follows the users for this connection: accepted contacts who do not block the device's user. */
    public @NotNull CompletableFuture<PresenceList> subscribe(final @NotNull Identity device,
                                                              final @NotNull PresenceSubscription request) {
        final Set<String> users = userIds(request);
        final List<CompletableFuture<Relation>> checks = new ArrayList<>();
        users.forEach(user -> checks.add(relations.of(device.userId(), user)));
        return CompletableFuture.allOf(checks.toArray(new CompletableFuture[0])).thenCompose(ignored -> {
            for (final CompletableFuture<Relation> check : checks) {
                final Relation relation = check.join();
                if (!relation.accepted() || relation.blocked()) {
                    throw new RequestException(ErrorCode.NOT_A_CONTACT, "'" + relation.other(device.userId())
                            + "' is not a contact: presence is shared with accepted contacts only");
                }
            }
            final Set<String> mine = following.computeIfAbsent(device.connectionKey(),
                    id -> ConcurrentHashMap.newKeySet());
            // users followed already do not count twice: following again is following once
            final long added = users.stream().filter(user -> !mine.contains(user)).count();
            if (mine.size() + added > MAX_FOLLOWED_PER_DEVICE) {
                throw new RequestException(ErrorCode.INVALID_ARGUMENT,
                        "a connection follows at most " + MAX_FOLLOWED_PER_DEVICE + " users");
            }
            for (final String user : users) {
                mine.add(user);
                followers.compute(user, (u, audience) -> {
                    final Set<Identity> set = audience == null ? new HashSet<>() : audience;
                    synchronized (set) {
                        set.add(device);
                    }
                    return set;
                });
            }
            return states(users);
        });
    }

    public @NotNull CompletableFuture<PresenceList> unsubscribe(final @NotNull Identity device,
                                                                final @NotNull PresenceSubscription request) {
        final Set<String> users = userIds(request);
        final Set<String> mine = following.get(device.connectionKey());
        for (final String user : users) {
            if (mine != null) {
                mine.remove(user);
            }
            unfollow(user, device);
        }
        return CompletableFuture.completedFuture(PresenceList.getDefaultInstance());
    }

    /** The two stopped being contacts (removed, blocked): neither's devices follow the other any longer. */
    public void unfollowEachOther(final @NotNull String one, final @NotNull String other) {
        dropFollowers(one, other);
        dropFollowers(other, one);
    }

    private void dropFollowers(final @NotNull String followed, final @NotNull String followerUser) {
        final Set<Identity> audience = followers.get(followed);
        if (audience == null) {
            return;
        }
        final List<Identity> dropped = new ArrayList<>();
        synchronized (audience) {
            audience.removeIf(device -> {
                if (device.userId().equals(followerUser)) {
                    dropped.add(device);
                    return true;
                }
                return false;
            });
        }
        dropped.forEach(device -> {
            final Set<String> mine = following.get(device.connectionKey());
            if (mine != null) {
                mine.remove(followed);
            }
        });
    }

    private void unfollow(final @NotNull String user, final @NotNull Identity device) {
        followers.computeIfPresent(user, (u, audience) -> {
            synchronized (audience) {
                audience.remove(device);
                return audience.isEmpty() ? null : audience;
            }
        });
    }

    private @NotNull CompletableFuture<PresenceList> states(final @NotNull Set<String> users) {
        return stores.users().lastSeen(users).thenApply(stored -> {
            final PresenceList.Builder reply = PresenceList.newBuilder();
            for (final String user : users) {
                final long seen = Math.max(stored.getOrDefault(user, 0L), lastSeen.getOrDefault(user, 0L));
                reply.addPresence(state(user, seen));
            }
            return reply.build();
        });
    }

    private static @NotNull Set<String> userIds(final @NotNull PresenceSubscription request) {
        if (request.getUserIdsCount() == 0) {
            throw new RequestException(ErrorCode.INVALID_ARGUMENT, "user_ids is required");
        }
        final Set<String> users = new LinkedHashSet<>();
        for (final String id : request.getUserIdsList()) {
            if (!Ids.isValidUserId(id)) {
                throw new RequestException(ErrorCode.INVALID_ARGUMENT, "user_ids contains an invalid user id");
            }
            users.add(id);
        }
        return users;
    }
}
