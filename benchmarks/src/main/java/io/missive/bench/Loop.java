package io.missive.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Drives messages through a broker and measures what arrives. Each sender keeps at most
 * {@code window} messages in flight; a message stops being in flight when all of its
 * {@code deliveriesPerMessage} deliveries arrived. Closed loop: the next message goes as soon as
 * one completes (the maximum throughput). Open loop: messages go at a fixed rate (latency at a
 * given load). Only deliveries inside the measurement interval count; every run is bounded in time.
 */
final class Loop {

    /** Sends one message; the future fails when the broker refused it. */
    interface Sender {
        @NotNull CompletableFuture<?> send(int sender, long messageId, long sentNanos);
    }

    /**
     * Told when the measured interval of a closed loop opens and closes, on the thread running the
     * loop (which waits for it): readings of what the interval cost.
     */
    interface Window {
        void opened();

        void closed();
    }

    /**
     * What one run measured; {@code messagesDelivered}: the deliveries of the measured interval in
     * messages (deliveries ÷ deliveries per message: the work it did, even when a message of a group
     * completes only after it).
     */
    record Result(double deliveriesPerSecond, double messagesPerSecond, @NotNull Histogram latencyMicros,
                  long errors, long sent, long lost, double messagesDelivered) {

        double percentileMillis(final double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private record InFlight(int sender, AtomicInteger remaining) {
    }

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final int senders;
    private final int deliveriesPerMessage;
    private final @NotNull Sender sender;
    private volatile int window;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
    private final AtomicLongArray outstanding;
    private final ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final LongAdder deliveredInWindow = new LongAdder();
    private final LongAdder completedInWindow = new LongAdder();
    /** Every completion, measured or not: the slices of a warm-up count these. */
    private final LongAdder completedAll = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private volatile boolean closedLoop;
    private volatile boolean sending;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureTo = Long.MAX_VALUE;

    Loop(final int senders, final int deliveriesPerMessage, final @NotNull Sender sender) {
        this.senders = senders;
        this.deliveriesPerMessage = deliveriesPerMessage;
        this.sender = sender;
        this.outstanding = new AtomicLongArray(senders);
    }

    /** A receiver got message {@code messageId}: call from any thread, once per delivery. */
    void delivered(final long messageId, final long sentNanos) {
        final long now = System.nanoTime();
        final InFlight message = inFlight.get(messageId);
        if (message == null) {
            return; // from an earlier run, or a duplicate after completion
        }
        final boolean inWindow = now >= measureFrom && now < measureTo;
        if (inWindow) {
            deliveredInWindow.increment();
            latency.recordValue(Math.max(1, (now - sentNanos) / 1_000));
        }
        if (message.remaining.decrementAndGet() == 0) {
            inFlight.remove(messageId);
            outstanding.decrementAndGet(message.sender);
            completedAll.increment();
            if (inWindow) {
                completedInWindow.increment();
            }
            if (closedLoop && sending) {
                send(message.sender);
            }
        }
    }

    private void send(final int from) {
        final long id = nextId.incrementAndGet();
        outstanding.incrementAndGet(from);
        inFlight.put(id, new InFlight(from, new AtomicInteger(deliveriesPerMessage)));
        sent.increment();
        final CompletableFuture<?> future;
        try {
            future = sender.send(from, id, System.nanoTime());
        } catch (final RuntimeException e) {
            failed(id, from);
            return;
        }
        future.whenComplete((ignored, error) -> {
            if (error != null) {
                failed(id, from);
            }
        });
    }

    private void failed(final long id, final int from) {
        errors.increment();
        if (inFlight.remove(id) != null) {
            outstanding.decrementAndGet(from);
            if (closedLoop && sending) {
                send(from);
            }
        }
    }

    /** Every sender keeps {@code window} messages in flight for warm-up plus measurement. */
    @NotNull Result closedLoop(final int window, final @NotNull Duration warmup, final @NotNull Duration measure) {
        return closedLoop(window, warmup, measure, null);
    }

    /**
     * Every sender keeps {@code window} messages in flight for warm-up plus measurement; {@code observer}
     * (when given) is told when the measured interval opens and closes.
     */
    @NotNull Result closedLoop(final int window, final @NotNull Duration warmup, final @NotNull Duration measure,
                               final @Nullable Window observer) {
        this.window = window;
        closedLoop = true;
        sending = true;
        final long start = System.nanoTime();
        measureFrom = start + warmup.toNanos();
        measureTo = measureFrom + measure.toNanos();
        for (int s = 0; s < senders; s++) {
            for (int i = 0; i < window; i++) {
                send(s);
            }
        }
        if (observer != null) {
            parkUntil(measureFrom);
            observer.opened();
        }
        parkUntil(measureTo);
        if (observer != null) {
            observer.closed();
        }
        return finish(measure);
    }

    /**
     * An unmeasured closed loop in slices of {@code slice}, until {@code enough} accepts the messages
     * per second of the slices so far (it is asked after every slice); returns those rates.
     */
    @NotNull List<Double> closedLoopSlices(final int window, final @NotNull Duration slice,
                                           final @NotNull Predicate<List<Double>> enough) {
        this.window = window;
        closedLoop = true;
        sending = true;
        final List<Double> rates = new ArrayList<>();
        long sliceEnd = System.nanoTime();
        long completedBefore = completedAll.sum();
        for (int s = 0; s < senders; s++) {
            for (int i = 0; i < window; i++) {
                send(s);
            }
        }
        do {
            sliceEnd += slice.toNanos();
            parkUntil(sliceEnd);
            final long completed = completedAll.sum();
            rates.add((completed - completedBefore) / (slice.toNanos() / 1e9));
            completedBefore = completed;
        } while (!enough.test(List.copyOf(rates)));
        finish(slice);
        return rates;
    }

    /** Sends {@code perSecond} messages per second in total, spread over the senders, at most {@code window} in flight each. */
    @NotNull Result openLoop(final double perSecond, final int window, final @NotNull Duration warmup,
                             final @NotNull Duration measure) {
        return openLoop(perSecond, window, warmup, measure, null);
    }

    /**
     * Sends {@code perSecond} messages per second over all senders in turn (a sender with {@code window}
     * in flight skips its turn: counted as an error) for warm-up plus measurement; {@code observer}
     * (when given) is told when the measured interval opens and closes.
     */
    @NotNull Result openLoop(final double perSecond, final int window, final @NotNull Duration warmup,
                             final @NotNull Duration measure, final @Nullable Window observer) {
        this.window = window;
        closedLoop = false;
        sending = true;
        final long start = System.nanoTime();
        measureFrom = start + warmup.toNanos();
        measureTo = measureFrom + measure.toNanos();
        long due = 0;
        int next = 0;
        long skipped = 0;
        boolean open = false;
        while (System.nanoTime() < measureTo) {
            if (!open && observer != null && System.nanoTime() >= measureFrom) {
                observer.opened();
                open = true;
            }
            final double elapsedSeconds = (System.nanoTime() - start) / 1e9;
            final long shouldHave = (long) (elapsedSeconds * perSecond);
            while (due < shouldHave) {
                due++;
                next = (next + 1) % senders;
                if (outstanding.get(next) < window) {
                    send(next);
                } else {
                    skipped++;
                }
            }
            LockSupport.parkNanos(200_000);
        }
        if (open) {
            observer.closed();
        }
        final Result result = finish(measure);
        return skipped == 0 ? result : new Result(result.deliveriesPerSecond(), result.messagesPerSecond(),
                result.latencyMicros(), result.errors() + skipped, result.sent(), result.lost(), result.messagesDelivered());
    }

    private @NotNull Result finish(final @NotNull Duration measure) {
        sending = false;
        final long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < drainDeadline) {
            LockSupport.parkNanos(1_000_000);
        }
        final double seconds = measure.toNanos() / 1e9;
        final long lost = inFlight.size();
        inFlight.clear();
        for (int s = 0; s < senders; s++) {
            outstanding.set(s, 0);
        }
        final Histogram copy = latency.copy();
        latency.reset();
        final long delivered = deliveredInWindow.sumThenReset();
        final Result result = new Result(delivered / seconds, completedInWindow.sumThenReset() / seconds, copy,
                errors.sumThenReset(), sent.sumThenReset(), lost, delivered / (double) deliveriesPerMessage);
        measureFrom = Long.MAX_VALUE;
        measureTo = Long.MAX_VALUE;
        return result;
    }

    private static void parkUntil(final long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, 50_000_000));
        }
    }
}
