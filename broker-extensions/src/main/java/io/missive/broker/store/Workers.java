package io.missive.broker.store;

import org.jetbrains.annotations.NotNull;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The extension's own threads, so that no HiveMQ thread ever waits: {@code sequencer} runs the
 * light continuations of store appends, {@code hashing} runs password hashing (slow by design,
 * bounded queue: a flood of logins is refused rather than queued without end), {@code timer}
 * runs delays and periodic flushes, {@code health} runs the health checks (two threads: one may
 * wait for a TCP connect while the other times the asynchronous checks out).
 */
public final class Workers implements AutoCloseable {

    private final @NotNull ExecutorService sequencer;
    private final @NotNull ThreadPoolExecutor hashing;
    private final @NotNull ScheduledExecutorService timer;
    private final @NotNull ScheduledExecutorService health;

    public Workers() {
        sequencer = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                named("missive-sequencer"));
        final int hashThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        hashing = new ThreadPoolExecutor(hashThreads, hashThreads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), named("missive-password-hash"));
        timer = Executors.newSingleThreadScheduledExecutor(named("missive-timer"));
        health = Executors.newScheduledThreadPool(2, named("missive-health"));
    }

    public @NotNull ExecutorService sequencer() {
        return sequencer;
    }

    public @NotNull ExecutorService hashing() {
        return hashing;
    }

    public @NotNull ScheduledExecutorService timer() {
        return timer;
    }

    public @NotNull ScheduledExecutorService health() {
        return health;
    }

    /**
     * Runs {@code task} on the timer every {@code periodMs}, skipping a tick while the previous
     * run has not completed (a slow store never piles up runs); a failed run is reported to
     * {@code failed} and the next tick tries again.
     */
    public void repeat(final long periodMs, final @NotNull Supplier<CompletableFuture<?>> task,
                       final @NotNull Consumer<Throwable> failed) {
        final AtomicBoolean running = new AtomicBoolean();
        timer.scheduleWithFixedDelay(() -> {
            if (!running.compareAndSet(false, true)) {
                return;
            }
            CompletableFuture<?> run;
            try {
                run = task.get();
            } catch (final RuntimeException e) {
                run = CompletableFuture.failedFuture(e);
            }
            run.whenComplete((ok, error) -> {
                running.set(false);
                if (error != null) {
                    failed.accept(error);
                }
            });
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        health.shutdownNow();
        timer.shutdownNow();
        hashing.shutdownNow();
        sequencer.shutdown();
    }

    /** Stops the threads third-party libraries leave behind; only at extension stop. */
    public void releaseLibraryThreads() {
        DriverThreads.stop();
    }

    private static @NotNull ThreadFactory named(final @NotNull String prefix) {
        final AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
