package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the number of unacknowledged request publishes within the server's receive maximum
 * (CONNACK). The server holds each PUBACK until the request is durably processed, and the MQTT
 * library refuses a publish beyond that window, so extra requests wait here in order until a
 * PUBACK frees a slot.
 */
final class OutboundWindow {

    /** A request waiting for a slot. */
    interface Task {

        /**
         * Publishes, or gives up (e.g. the request timed out while queued).
         *
         * @param release to be run exactly once when the publish is acknowledged or has failed
         * @return true when published (the slot is held until {@code release} runs), false when
         *         nothing was published and the slot is free again
         */
        boolean start(@NotNull Runnable release);
    }

    private final @NotNull Object lock = new Object();
    private final @NotNull Queue<Task> waiting = new ArrayDeque<>();
    private int limit;
    private int inFlight;
    private long epoch;

    OutboundWindow(final int limit) {
        this.limit = Math.max(1, limit);
    }

    /** Starts a new connection's window; queued tasks are dropped (their requests fail elsewhere). */
    void reset(final int newLimit) {
        synchronized (lock) {
            limit = Math.max(1, newLimit);
            inFlight = 0;
            epoch++;
            waiting.clear();
        }
    }

    void submit(final @NotNull Task task) {
        final long slotEpoch;
        synchronized (lock) {
            if (inFlight >= limit) {
                waiting.add(task);
                return;
            }
            inFlight++;
            slotEpoch = epoch;
        }
        runInSlot(task, slotEpoch);
    }

    int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    int waiting() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    /** Runs tasks in one held slot until one of them keeps it, or none is left and it is freed. */
    private void runInSlot(final @NotNull Task first, final long slotEpoch) {
        Task task = first;
        while (task != null) {
            if (task.start(releaser(slotEpoch))) {
                return;
            }
            task = nextOrFree(slotEpoch);
        }
    }

    private @NotNull Runnable releaser(final long slotEpoch) {
        final AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                final Task next = nextOrFree(slotEpoch);
                if (next != null) {
                    runInSlot(next, slotEpoch);
                }
            }
        };
    }

    /** Hands the slot to the next waiting task, or frees it; slots of an earlier connection just vanish. */
    private Task nextOrFree(final long slotEpoch) {
        synchronized (lock) {
            if (slotEpoch != epoch) {
                return null;
            }
            final Task next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
            return next;
        }
    }
}
