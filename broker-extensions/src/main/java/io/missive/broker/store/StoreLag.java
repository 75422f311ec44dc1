package io.missive.broker.store;

import io.missive.broker.metrics.Metrics;
import io.missive.storage.sequence.AppendTimes;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.TimeUnit;

/**
 * How far the store is behind, as the appends that were just stored saw it: how long they waited
 * for their insert to be sent. Kept as a moving average that follows a rise at once and a fall over
 * a few dozen appends, so that one fast append does not hide a long queue. Also forwards each
 * append's stage times to the metrics. Called on the driver's threads; never blocks.
 */
public final class StoreLag implements AppendTimes {

    /** Weight of a new sample when the wait falls (a rise is taken as it is). */
    private static final double FALL_WEIGHT = 0.05;

    private final @NotNull Metrics metrics;
    /** Nanoseconds; written with a benign race (a lost update only delays the average). */
    private volatile double waitedNanos;

    public StoreLag(final @NotNull Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void stored(final @NotNull String collection, final long waited, final long insertNanos) {
        metrics.appendStored(collection, waited);
        final double previous = waitedNanos;
        waitedNanos = waited >= previous ? waited : previous + FALL_WEIGHT * (waited - previous);
    }

    /** How long the latest appends waited before their insert was sent, in milliseconds. */
    public long waitedMillis() {
        return TimeUnit.NANOSECONDS.toMillis((long) waitedNanos);
    }
}
