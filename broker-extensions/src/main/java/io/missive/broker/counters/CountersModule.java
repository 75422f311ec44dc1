package io.missive.broker.counters;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.metrics.Metrics;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.storage.MongoStores;
import io.missive.storage.counters.UnreadCounters;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

/** The unread counters in Redis (none without {@code redis.uri}): flushed and reconciled on the extension's timer. */
public final class CountersModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Periodic.class).addBinding().to(Counters.class);
    }

    @Provides
    @Singleton
    static @NotNull Counters counters(final @NotNull MongoStores stores, final @NotNull ExtensionConfig config,
                                      final @NotNull Workers workers, final @NotNull Metrics metrics) {
        if (config.redisUri().isEmpty()) {
            return new NoCounters();
        }
        return new RedisCounters(stores, UnreadCounters.connect(config.redisUri(), metrics::redisCommand), workers,
                config.counterFlushMs());
    }
}
