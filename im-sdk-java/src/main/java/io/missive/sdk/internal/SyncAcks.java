package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.function.LongConsumer;

/**
 * Batches the device's sync acknowledgements: one ack covers every version up to it, so the
 * highest delivered version goes out at most {@code maxDelayMs} after the first unacknowledged
 * delivery, or at once when {@code maxEvents} events are waiting. Thread-safe.
 */
final class SyncAcks {

    static final long MAX_DELAY_MS = 100;
    static final int MAX_EVENTS = 100;

    private final @NotNull LongConsumer send;
    private final @NotNull Timers timers;
    private final long maxDelayMs;
    private final int maxEvents;
    private long delivered;
    private long sent;
    private int waiting;
    private @Nullable Timers.Timer timer;
    /** Tells a timer that is still due apart from one that was cancelled or replaced meanwhile. */
    private long timerGeneration;

    SyncAcks(final @NotNull LongConsumer send, final @NotNull Timers timers) {
        this(send, timers, MAX_DELAY_MS, MAX_EVENTS);
    }

    SyncAcks(final @NotNull LongConsumer send, final @NotNull Timers timers, final long maxDelayMs, final int maxEvents) {
        this.send = send;
        this.timers = timers;
        this.maxDelayMs = maxDelayMs;
        this.maxEvents = maxEvents;
    }

    /**
     * Events up to {@code version} have been delivered and the cursor saved.
     *
     * @param events how many events this delivery covered (0 to only make sure the version is acked)
     */
    synchronized void delivered(final long version, final int events) {
        if (version > delivered) {
            delivered = version;
        }
        waiting += events;
        if (delivered <= sent) {
            return;
        }
        if (waiting >= maxEvents) {
            flush();
        } else if (timer == null) {
            final long generation = ++timerGeneration;
            timer = timers.schedule(maxDelayMs, () -> timerDue(generation));
        }
    }

    private synchronized void timerDue(final long generation) {
        if (timer != null && generation == timerGeneration) {
            flush();
        }
    }

    /** Sends the ack for the highest delivered version now, if it was not sent yet. */
    synchronized void flush() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        waiting = 0;
        if (delivered > sent) {
            sent = delivered;
            send.accept(sent);
        }
    }

    /** The connection ended: acks not sent yet are dropped, and the next connection acks afresh. */
    synchronized void reset() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        waiting = 0;
        sent = 0;
    }
}
