package io.missive.sample.app;

import org.jetbrains.annotations.NotNull;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.FrameworkMethod;
import org.junit.runners.model.InitializationError;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.internal.bytecode.InstrumentationConfiguration;

/** Robolectric with an {@link OutsideServer}, stopped after the test class. */
public final class ServerRunner extends RobolectricTestRunner {

    public ServerRunner(final @NotNull Class<?> testClass) throws InitializationError {
        super(testClass);
    }

    @Override
    protected @NotNull InstrumentationConfiguration createClassLoaderConfig(final @NotNull FrameworkMethod method) {
        return new InstrumentationConfiguration.Builder(super.createClassLoaderConfig(method))
                .doNotAcquireClass(OutsideServer.class)
                .build();
    }

    @Override
    public void run(final @NotNull RunNotifier notifier) {
        try {
            super.run(notifier);
        } finally {
            OutsideServer.stop();
        }
    }
}
