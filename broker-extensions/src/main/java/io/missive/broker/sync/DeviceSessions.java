package io.missive.broker.sync;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.config.SyncSettings;
import io.missive.broker.request.Identity;
import io.missive.broker.request.Replies;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncPage;
import io.missive.storage.MongoStores;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The acknowledgement list: for each connected device that takes part in the sync protocol
 * (it sent a SyncRequest or a SyncAck), how far it has acknowledged, and since when it has owed an
 * acknowledgement for a live event. A device that owes one for longer than
 * {@code sync.retransmit-after-ms} gets the missing events again on its reply topic, at most
 * {@code sync.max-retransmits} times in a row; after that it is left to resume when it reconnects.
 * MQTT QoS 1 alone does not cover this: a broker resends unacknowledged publishes only on a new
 * connection, and an event can be lost between the store and the broker.
 */
@Singleton
public final class DeviceSessions implements Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSessions.class);
    private static final int RETRANSMIT_PAGE = 200;

    private final @NotNull ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    /** The tracked sessions of each user, so that a published event touches only its user's devices. */
    private final @NotNull ConcurrentHashMap<String, Set<Session>> byUser = new ConcurrentHashMap<>();
    private final @NotNull ConcurrentHashMap<String, Long> latestPublished = new ConcurrentHashMap<>();
    private final @NotNull MongoStores stores;
    private final @NotNull SyncPages pages;
    private final @NotNull Replies replies;
    private final @NotNull SyncSettings settings;
    private final @NotNull Workers workers;

    @Inject
    public DeviceSessions(final @NotNull MongoStores stores, final @NotNull SyncPages pages,
                          final @NotNull Replies replies, final @NotNull ExtensionConfig config,
                          final @NotNull Workers workers) {
        this.stores = stores;
        this.pages = pages;
        this.replies = replies;
        this.settings = config.sync();
        this.workers = workers;
    }

    @Override
    public void start() {
        final long period = Math.max(50, settings.retransmitAfterMs() / 4);
        workers.timer().scheduleWithFixedDelay(this::retransmitOverdue, period, period, TimeUnit.MILLISECONDS);
    }

    /** The device asked for the stream after a version: from now on its acknowledgements are tracked. */
    public void syncing(final @NotNull Identity device, final long afterVersion) {
        session(device).progress(afterVersion, latest(device));
    }

    public void acknowledged(final @NotNull Identity device, final long version) {
        session(device).progress(version, latest(device));
    }

    private @NotNull Session session(final @NotNull Identity device) {
        return sessions.computeIfAbsent(device.connectionKey(), id -> {
            final Session session = new Session(device);
            byUser.computeIfAbsent(device.userId(), u -> ConcurrentHashMap.newKeySet()).add(session);
            return session;
        });
    }

    /** A live event with this version went out on the user's topic. */
    public void published(final @NotNull String userId, final long version) {
        final Set<Session> devices = byUser.get(userId);
        if (devices != null) {
            // Only users with a tracked device on this node are remembered: memory follows connections.
            latestPublished.merge(userId, version, Math::max);
            final long now = System.currentTimeMillis();
            devices.forEach(s -> s.owes(version, now));
        }
    }

    /** Whether the user has a device on this node that is following its stream live. */
    public boolean following(final @NotNull String userId) {
        return byUser.containsKey(userId);
    }

    /** A connection ended; a later connection of the same device keeps its own tracking. */
    public void disconnected(final @NotNull Identity device) {
        final Session session = sessions.remove(device.connectionKey());
        if (session != null) {
            byUser.computeIfPresent(session.identity.userId(), (u, set) -> {
                set.remove(session);
                if (set.isEmpty()) {
                    latestPublished.remove(u);
                    return null;
                }
                return set;
            });
        }
    }

    private long latest(final @NotNull Identity device) {
        return latestPublished.getOrDefault(device.userId(), 0L);
    }

    private void retransmitOverdue() {
        final long now = System.currentTimeMillis();
        for (final Session session : sessions.values()) {
            final long[] range = session.overdue(now, settings.retransmitAfterMs(), settings.maxRetransmits(),
                    latest(session.identity));
            if (range != null) {
                retransmit(session, range[0], range[1]);
            }
        }
    }

    private void retransmit(final @NotNull Session session, final long after, final long upTo) {
        final Identity device = session.identity;
        final int limit = (int) Math.min(RETRANSMIT_PAGE, upTo - after);
        stores.syncStreams().after(device.userId(), after, limit)
                .thenCompose(pages::events)
                .thenAccept(events -> {
                    if (!events.isEmpty()) {
                        LOG.debug("Retransmitting versions {}..{} to {}", after + 1, after + events.size(),
                                device.deviceId());
                        replies.reply(device.replyTopic(), null, Reply.newBuilder().setSync(SyncPage.newBuilder()
                                .addAllEvents(events).setHasMore(after + events.size() < upTo)
                                .setLatestVersion(upTo)).build());
                    }
                })
                .exceptionally(error -> {
                    LOG.debug("Retransmission to {} failed: {}", device.deviceId(), error.toString());
                    return null;
                });
    }

    /** One connected device's acknowledgement state. */
    private static final class Session {
        private final @NotNull Identity identity;
        private long acked;
        /** When the oldest unacknowledged live event went out; 0 when nothing is owed. */
        private long owedSince;
        private int retransmits;

        private Session(final @NotNull Identity identity) {
            this.identity = identity;
        }

        synchronized void progress(final long version, final long latest) {
            if (version > acked) {
                acked = version;
                retransmits = 0;
                owedSince = acked >= latest ? 0 : System.currentTimeMillis();
            }
        }

        synchronized void owes(final long version, final long now) {
            if (version > acked && owedSince == 0) {
                owedSince = now;
            }
        }

        /** The (after, upTo] range to send again, or null. */
        synchronized long[] overdue(final long now, final long after, final int maxRetransmits, final long latest) {
            if (owedSince == 0 || latest <= acked || now - owedSince < after || retransmits >= maxRetransmits) {
                return null;
            }
            retransmits++;
            owedSince = now;
            return new long[]{acked, latest};
        }
    }
}
