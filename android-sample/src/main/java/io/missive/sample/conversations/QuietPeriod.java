package io.missive.sample.conversations;

import org.jetbrains.annotations.NotNull;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once things have been quiet for a while: every {@link #touch()} pushes the run back to
 * a full period after it. One daemon thread, ended by {@link #stop()}.
 */
final class QuietPeriod {

    private final @NotNull Runnable task;
    private final long periodNanos;
    private final @NotNull ScheduledExecutorService timer;
    private long dueNanos;
    private boolean scheduled;

    QuietPeriod(final @NotNull String threadName, final @NotNull Duration period, final @NotNull Runnable task) {
        this.task = task;
        this.periodNanos = period.toNanos();
        final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            final Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timer = executor;
    }

    synchronized void touch() {
        dueNanos = System.nanoTime() + periodNanos;
        if (!scheduled && !timer.isShutdown()) {
            scheduled = true;
            timer.schedule(this::fire, periodNanos, TimeUnit.NANOSECONDS);
        }
    }

    void stop() {
        timer.shutdownNow();
    }

    private void fire() {
        synchronized (this) {
            final long left = dueNanos - System.nanoTime();
            if (left > 0) {
                timer.schedule(this::fire, left, TimeUnit.NANOSECONDS);
                return;
            }
            scheduled = false;
        }
        task.run();
    }
}
