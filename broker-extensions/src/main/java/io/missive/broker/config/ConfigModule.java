package io.missive.broker.config;

import com.google.inject.AbstractModule;
import org.jetbrains.annotations.NotNull;

/** Binds the validated configuration. */
public final class ConfigModule extends AbstractModule {

    private final @NotNull ExtensionConfig config;

    public ConfigModule(final @NotNull ExtensionConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(ExtensionConfig.class).toInstance(config);
    }
}
