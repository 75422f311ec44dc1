package io.missive.server;

import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes the shared server ({@link TestServer#shared()}) before an {@link EndToEnd} class that does not
 * share it ({@link SharesServer}): such a class starts servers of its own, in this JVM (one at a time)
 * or as processes, or changes what a server sees; either way the shared one must not run meanwhile.
 */
public final class ReleaseSharedServer implements BeforeAllCallback {

    @Override
    public void beforeAll(final @NotNull ExtensionContext context) {
        final boolean nested = context.getParent().flatMap(ExtensionContext::getTestClass).isPresent();
        if (!nested && !EndToEndClassOrder.sharesServer(context.getRequiredTestClass())) {
            TestServer.closeShared();
        }
    }
}
