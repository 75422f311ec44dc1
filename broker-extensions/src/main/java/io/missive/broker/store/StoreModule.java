package io.missive.broker.store;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.metrics.Metrics;
import io.missive.storage.MongoStores;
import io.missive.storage.user.PasswordHasher;
import org.jetbrains.annotations.NotNull;

/** MongoDB stores and the extension's worker threads. */
public final class StoreModule extends AbstractModule {

    @Provides
    @Singleton
    @NotNull Workers workers() {
        return new Workers();
    }

    @Provides
    @Singleton
    @NotNull StoreLag storeLag(final @NotNull Metrics metrics) {
        return new StoreLag(metrics);
    }

    @Provides
    @Singleton
    @NotNull MongoStores stores(final @NotNull ExtensionConfig config, final @NotNull Workers workers,
                                final @NotNull Metrics metrics, final @NotNull StoreLag lag) {
        final MongoStores stores = new MongoStores(config.mongoUri(), config.mongoDatabase(), workers.sequencer(),
                new MongoCommandTimes(metrics), lag);
        metrics.gauge("store.lag-ms", lag::waitedMillis);
        metrics.gauge("store.queued." + MongoStores.MESSAGES, () -> stores.messages().queuedDocuments());
        metrics.gauge("store.queued." + MongoStores.SYNC_EVENTS, () -> stores.syncStreams().queuedDocuments());
        metrics.gauge("store.lane-queued." + MongoStores.MESSAGES, () -> stores.messages().queued());
        metrics.gauge("store.lane-queued." + MongoStores.SYNC_EVENTS, () -> stores.syncStreams().queued());
        metrics.gauge("store.pending-appends", stores::pendingAppends);
        return stores;
    }

    @Provides
    @Singleton
    @NotNull PasswordHasher passwordHasher() {
        return new PasswordHasher();
    }
}
