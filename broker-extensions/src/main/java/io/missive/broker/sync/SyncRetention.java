package io.missive.broker.sync;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.config.SyncSettings;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.storage.MongoStores;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Date;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps each user's sync stream bounded: entries older than {@code sync.retention-days} are
 * deleted hourly, and a user's entries beyond the newest {@code sync.max-events-per-user} are
 * trimmed as the stream grows (in steps of a tenth of the cap, so trimming costs one delete per
 * many appends). Both are plain deletes, so they also work where TTL indexes are ignored.
 */
@Singleton
public final class SyncRetention implements Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRetention.class);

    private final @NotNull MongoStores stores;
    private final @NotNull SyncSettings settings;
    private final long trimStep;
    private final @NotNull Workers workers;
    private final @NotNull ConcurrentHashMap<String, Long> trimmedThrough = new ConcurrentHashMap<>();

    @Inject
    public SyncRetention(final @NotNull MongoStores stores, final @NotNull ExtensionConfig config,
                         final @NotNull Workers workers) {
        this.stores = stores;
        this.settings = config.sync();
        this.trimStep = Math.max(1, settings.maxEventsPerUser() / 10);
        this.workers = workers;
    }

    @Override
    public void start() {
        workers.timer().scheduleWithFixedDelay(this::expire, 1, 60, TimeUnit.MINUTES);
    }

    /** A version was appended to the user's stream. */
    public void appended(final @NotNull String userId, final long version) {
        final long keepFrom = version - settings.maxEventsPerUser();
        if (keepFrom <= 0) {
            return;
        }
        final boolean[] due = {false};
        trimmedThrough.compute(userId, (user, done) -> {
            if (keepFrom - (done == null ? 0 : done) < trimStep) {
                return done;
            }
            due[0] = true;
            return keepFrom;
        });
        if (due[0]) {
            stores.syncStreams().trimThrough(userId, keepFrom).exceptionally(error -> {
                LOG.warn("Trimming the sync stream of {} failed: {}", userId, error.toString());
                return 0L;
            });
        }
    }

    private void expire() {
        final Date cutoff = new Date(System.currentTimeMillis() - TimeUnit.DAYS.toMillis(settings.retentionDays()));
        stores.syncStreams().expireBefore(cutoff).whenComplete((count, error) -> {
            if (error != null) {
                LOG.warn("Expiring sync-stream entries failed: {}", error.toString());
            } else if (count > 0) {
                LOG.info("Expired {} sync-stream entries older than {} days", count, settings.retentionDays());
            }
        });
    }
}
