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
    @NotNull MongoStores stores(final @NotNull ExtensionConfig config, final @NotNull Workers workers,
                                final @NotNull Metrics metrics) {
        return new MongoStores(config.mongoUri(), config.mongoDatabase(), workers.sequencer(),
                new MongoCommandTimes(metrics));
    }

    @Provides
    @Singleton
    @NotNull PasswordHasher passwordHasher() {
        return new PasswordHasher();
    }
}
