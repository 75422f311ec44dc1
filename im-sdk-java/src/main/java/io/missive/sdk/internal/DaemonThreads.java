package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;

import java.util.concurrent.ThreadFactory;

/** Names the client's threads and makes them daemons, so a forgotten client never keeps an app alive. */
final class DaemonThreads implements ThreadFactory {

    private final @NotNull String name;

    DaemonThreads(final @NotNull String name) {
        this.name = name;
    }

    @Override
    public @NotNull Thread newThread(final @NotNull Runnable task) {
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
