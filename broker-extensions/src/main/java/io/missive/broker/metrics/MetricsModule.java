package io.missive.broker.metrics;

import com.codahale.metrics.MetricRegistry;
import com.google.inject.AbstractModule;
import org.jetbrains.annotations.NotNull;

/** The extension's metrics, in the registry given (HiveMQ's). */
public final class MetricsModule extends AbstractModule {

    private final @NotNull MetricRegistry registry;

    public MetricsModule(final @NotNull MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void configure() {
        bind(MetricRegistry.class).toInstance(registry);
        bind(Metrics.class);
    }
}
