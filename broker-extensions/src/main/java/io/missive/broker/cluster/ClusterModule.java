package io.missive.broker.cluster;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.broker.sync.DeviceSessions;
import com.google.inject.Provider;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

/**
 * Several broker nodes on one Redis (docs/cluster.md): with {@code redis.uri}, this node announces
 * itself and routes what it publishes to users' topics to the nodes holding their devices; without
 * it, {@link NoCluster}. The heartbeat starts with the other periodic work.
 */
public final class ClusterModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Periodic.class).addBinding().to(Cluster.class);
    }

    @Provides
    @Singleton
    static @NotNull Cluster cluster(final @NotNull ExtensionConfig config, final @NotNull Workers workers,
                                    final @NotNull Provider<DeviceSessions> sessions) {
        if (config.redisUri().isEmpty() || config.cluster().nodeId().isEmpty()) {
            return new NoCluster();
        }
        return new ClusterNode(config.cluster().nodeId(), config.cluster().heartbeatMs(),
                ClusterRedis.connect(config.redisUri()), workers, sessions);
    }
}
