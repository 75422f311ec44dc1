package io.missive.broker.metrics;

import com.codahale.metrics.MetricRegistry;
import com.google.inject.AbstractModule;
import io.missive.broker.health.HealthChecks;
import org.jetbrains.annotations.NotNull;

/** The extension's metrics, in the registry given (HiveMQ's), and its health checks. */
public final class MetricsModule extends AbstractModule {

    private final @NotNull MetricRegistry registry;

    public MetricsModule(final @NotNull MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void configure() {
        bind(MetricRegistry.class).toInstance(registry);
        bind(Metrics.class);
        bind(HealthChecks.class);
    }
}
