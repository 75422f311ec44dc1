package io.missive.conformance;

import io.missive.server.TestServer;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Missive server, with the default configuration, for every class of the suite: started
 * before the first class that asks for it, stopped when the test run ends. Tests keep apart by
 * creating their own users ({@link TestServer#createUser(String)} makes unique ids).
 */
final class SharedServer implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedServer.class);

    private volatile @Nullable TestServer server;

    @Override
    public void beforeAll(final @NotNull ExtensionContext context) {
        // the root context closes what its store holds (TestServer is AutoCloseable) after the last test
        server = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(TestServer.class, type -> TestServer.create().start(), TestServer.class);
    }

    @NotNull TestServer get() {
        final TestServer started = server;
        if (started == null) {
            throw new IllegalStateException("register it with @RegisterExtension on a static field");
        }
        return started;
    }
}
