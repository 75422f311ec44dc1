package io.missive.chat;

import io.missive.sdk.ConnectResult;
import io.missive.sdk.ConnectionListener;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reconnects after the connection is lost, with exponential backoff (1 s doubling up to 30 s),
 * until it succeeds, the server refuses for good, or the chat ends.
 */
final class Reconnector implements ConnectionListener {

    private static final long FIRST_DELAY_MS = 1_000;
    private static final long MAX_DELAY_MS = 30_000;

    private final @NotNull MissiveClient client;
    private final @NotNull ChatConsole console;
    private final @NotNull Consumer<ConnectResult> onConnected;
    private final @NotNull ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        final Thread thread = new Thread(task, "chat-reconnect");
        thread.setDaemon(true);
        return thread;
    });

    Reconnector(final @NotNull MissiveClient client, final @NotNull ChatConsole console,
                final @NotNull Consumer<ConnectResult> onConnected) {
        this.client = client;
        this.console = console;
        this.onConnected = onConnected;
    }

    @Override
    public void onConnectionLost(final @NotNull MissiveException cause) {
        console.problem(cause.getMessage() + "; reconnecting");
        schedule(FIRST_DELAY_MS);
    }

    void stop() {
        timer.shutdownNow();
    }

    private void schedule(final long delayMs) {
        if (!timer.isShutdown()) {
            timer.schedule(() -> attempt(delayMs), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void attempt(final long delayMs) {
        client.connect().whenComplete((result, failure) -> {
            if (failure == null) {
                console.info("reconnected");
                onConnected.accept(result);
                return;
            }
            final Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof MissiveException && !((MissiveException) cause).isRetryable()) {
                console.problem("reconnect refused: " + cause.getMessage() + "; restart with --password");
                return;
            }
            final long next = Math.min(delayMs * 2, MAX_DELAY_MS);
            console.problem("reconnect failed (" + cause.getMessage() + "); next try in " + next / 1000 + " s");
            schedule(next);
        });
    }
}
