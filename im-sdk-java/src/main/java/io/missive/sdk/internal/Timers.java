package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Schedules delayed work. Tests replace it with a clock they advance by hand. */
interface Timers {

    /** A scheduled task. */
    interface Timer {

        /** Prevents the task from running, if it has not started yet. */
        void cancel();
    }

    @NotNull Timer schedule(long delayMs, @NotNull Runnable task);

    /**
     * @param scheduler keeps time
     * @param target    runs the due tasks (e.g. the delivery thread). A timer cancelled on the target
     *                  thread never runs afterwards, even when it was already due.
     */
    static @NotNull Timers on(final @NotNull ScheduledExecutorService scheduler, final @NotNull Executor target) {
        return (delayMs, task) -> {
            final AtomicBoolean cancelled = new AtomicBoolean();
            final Runnable guarded = () -> {
                if (!cancelled.get()) {
                    task.run();
                }
            };
            try {
                final ScheduledFuture<?> due = scheduler.schedule(() -> {
                    try {
                        target.execute(guarded);
                    } catch (final RejectedExecutionException e) {
                        // client closed
                    }
                }, delayMs, TimeUnit.MILLISECONDS);
                return () -> {
                    cancelled.set(true);
                    due.cancel(false);
                };
            } catch (final RejectedExecutionException e) {
                return () -> cancelled.set(true);
            }
        };
    }
}
