package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Timers on a clock that only moves when a test calls {@link #advance(long)}; due tasks run on the caller. */
final class ManualTimers implements Timers {

    private final List<Scheduled> scheduled = new ArrayList<>();
    private long now;
    private long sequence;

    @Override
    public synchronized @NotNull Timer schedule(final long delayMs, final @NotNull Runnable task) {
        final Scheduled entry = new Scheduled(now + delayMs, sequence++, task);
        scheduled.add(entry);
        return () -> {
            synchronized (ManualTimers.this) {
                scheduled.remove(entry);
            }
        };
    }

    /** Moves the clock, running every task that becomes due, in due order. */
    void advance(final long ms) {
        final long until = now + ms;
        while (true) {
            final Scheduled next;
            synchronized (this) {
                next = scheduled.stream()
                        .filter(s -> s.dueAt <= until)
                        .min(Comparator.comparingLong((Scheduled s) -> s.dueAt).thenComparingLong(s -> s.sequence))
                        .orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                scheduled.remove(next);
                now = next.dueAt;
            }
            next.task.run();
        }
    }

    synchronized int pending() {
        return scheduled.size();
    }

    /** @return the delays of the pending tasks from now, in scheduling order */
    synchronized List<Long> pendingDelays() {
        final List<Long> delays = new ArrayList<>();
        for (final Scheduled s : scheduled) {
            delays.add(s.dueAt - now);
        }
        return delays;
    }

    private static final class Scheduled {
        private final long dueAt;
        private final long sequence;
        private final Runnable task;

        private Scheduled(final long dueAt, final long sequence, final Runnable task) {
            this.dueAt = dueAt;
            this.sequence = sequence;
            this.task = task;
        }
    }
}
