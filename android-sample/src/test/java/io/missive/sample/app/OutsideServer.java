package io.missive.sample.app;

import io.missive.server.TestServer;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A real Missive server for Robolectric tests, kept out of Robolectric's sandbox: {@link ServerRunner}
 * has this class loaded by the test JVM's own class loader, so the server and its libraries run as on
 * any JVM, and only strings cross into the sandbox, where the app and the SDK run.
 */
public final class OutsideServer {

    private static @Nullable TestServer server;

    private OutsideServer() {
    }

    private static synchronized @NotNull TestServer server() {
        if (server == null) {
            server = outsideTheSandbox(() -> TestServer.create().start());
        }
        return server;
    }

    /**
     * Runs on a thread of its own whose context class loader is this class's: the broker finds its XML
     * binding and its extension through that loader, and its threads inherit it.
     */
    private static <T> @NotNull T outsideTheSandbox(final @NotNull Supplier<T> work) {
        final AtomicReference<T> result = new AtomicReference<>();
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        final Thread thread = new Thread(() -> {
            try {
                result.set(work.get());
            } catch (final RuntimeException e) {
                failure.set(e);
            }
        }, "outside-server");
        thread.setContextClassLoader(OutsideServer.class.getClassLoader());
        thread.start();
        try {
            thread.join();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    public static @NotNull String mqttUri() {
        return server().mqttUri();
    }

    public static @NotNull String createUser(final @NotNull String prefix) {
        return server().createUser(prefix);
    }

    public static @NotNull String password(final @NotNull String userId) {
        return server().password(userId);
    }

    static synchronized void stop() {
        if (server != null) {
            final TestServer started = server;
            server = null;
            outsideTheSandbox(() -> {
                started.close();
                return started;
            });
        }
    }
}
