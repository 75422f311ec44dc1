package io.missive.server.broker;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What the Missive extension reports about itself through the JVM system property
 * {@value #PROPERTY}: {@code started} at the end of a successful start, {@code failed: <reason>}
 * when it refused to start, cleared when it stops. (A system property, because the extension lives
 * in its own class loader and shares nothing else with this process.)
 */
public final class ExtensionState {

    public static final @NotNull String PROPERTY = "missive.extension.state";
    private static final @NotNull String STARTED = "started";
    private static final @NotNull String FAILED = "failed";
    private static final long POLL_MILLIS = 20;

    private ExtensionState() {
    }

    /** Forgets a state left by an earlier run in this JVM; call before starting the broker. */
    public static void clear() {
        System.clearProperty(PROPERTY);
    }

    /**
     * Waits until the extension reports a state.
     *
     * @param timeout  how long to wait
     * @param hopeless true when the extension can no longer report (e.g. HiveMQ did not enable it): stop waiting
     * @return empty when it started; otherwise why it did not
     */
    public static @NotNull Optional<String> awaitStarted(final @NotNull Duration timeout,
                                                          final @NotNull BooleanSupplier hopeless)
            throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final String state = System.getProperty(PROPERTY);
            if (STARTED.equals(state)) {
                return Optional.empty();
            }
            if (state != null && state.startsWith(FAILED)) {
                return Optional.of(reason(state));
            }
            if (state == null && hopeless.getAsBoolean()) {
                return Optional.of("it was not enabled by HiveMQ (missing, disabled, or it threw at start: see the log above)");
            }
            if (System.nanoTime() - deadline > 0) {
                return Optional.of(state == null
                        ? "it did not report a state within " + timeout.toSeconds() + " s"
                        : "it reported an unknown state '" + state + "'");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static @NotNull String reason(final @NotNull String state) {
        final @Nullable String reason = state.substring(FAILED.length()).replaceFirst("^:\\s*", "");
        return reason.isEmpty() ? "it failed without a reason" : reason;
    }
}
