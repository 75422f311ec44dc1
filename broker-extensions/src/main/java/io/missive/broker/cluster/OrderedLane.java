package io.missive.broker.cluster;

import org.jetbrains.annotations.NotNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A queue with one batch in flight: an item offered while nothing is in flight goes out at once,
 * alone; items offered meanwhile wait and go out together, in the order offered, when the batch in
 * flight completes (successfully or not). So the lane keeps the order of its items end to end, and
 * costs one operation per batch, not per item. Bounded: an item offered to a full queue is dropped
 * and counted. Thread-safe; the send function must not block.
 */
final class OrderedLane<T> {

    private final int maxQueued;
    private final int maxBatchItems;
    private final int maxBatchWeight;
    private final @NotNull ToIntFunction<T> weight;
    private final @NotNull Function<List<T>, CompletableFuture<?>> send;
    private final @NotNull LongAdder dropped;
    private final @NotNull ArrayDeque<T> queue = new ArrayDeque<>();
    private boolean inFlight;

    /**
     * @param maxQueued      items waiting, at most (the batch in flight not counted)
     * @param maxBatchItems  items in one batch, at most
     * @param maxBatchWeight total weight of one batch, at most (a single heavier item goes alone)
     * @param send           sends a batch; the next one goes once its future completes
     * @param dropped        counts the items dropped because the queue was full
     */
    OrderedLane(final int maxQueued, final int maxBatchItems, final int maxBatchWeight,
                final @NotNull ToIntFunction<T> weight, final @NotNull Function<List<T>, CompletableFuture<?>> send,
                final @NotNull LongAdder dropped) {
        this.maxQueued = maxQueued;
        this.maxBatchItems = maxBatchItems;
        this.maxBatchWeight = maxBatchWeight;
        this.weight = weight;
        this.send = send;
        this.dropped = dropped;
    }

    /** Queues the item (or sends it now); false when it was dropped because the queue is full. */
    boolean offer(final @NotNull T item) {
        final List<T> batch;
        synchronized (this) {
            if (queue.size() >= maxQueued) {
                dropped.increment();
                return false;
            }
            queue.add(item);
            if (inFlight) {
                return true;
            }
            inFlight = true;
            batch = nextBatch();
        }
        run(batch);
        return true;
    }

    /** Items waiting (the batch in flight not counted). */
    synchronized int queued() {
        return queue.size();
    }

    /** Sends batches until one is still in flight when its send returns, or nothing is left. */
    private void run(final @NotNull List<T> first) {
        List<T> batch = first;
        while (batch != null) {
            CompletableFuture<?> sent;
            try {
                sent = send.apply(batch);
            } catch (final RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            if (!sent.isDone()) {
                sent.whenComplete((ok, error) -> {
                    final List<T> next = completed();
                    if (next != null) {
                        run(next);
                    }
                });
                return;
            }
            batch = completed();
        }
    }

    /** The batch in flight is done: the next one (now in flight), or null when the queue is empty. */
    private synchronized List<T> completed() {
        if (queue.isEmpty()) {
            inFlight = false;
            return null;
        }
        return nextBatch();
    }

    private @NotNull List<T> nextBatch() {
        final List<T> batch = new ArrayList<>(Math.min(queue.size(), maxBatchItems));
        int total = 0;
        while (!queue.isEmpty() && batch.size() < maxBatchItems) {
            final int w = weight.applyAsInt(queue.peek());
            if (!batch.isEmpty() && total + w > maxBatchWeight) {
                break;
            }
            total += w;
            batch.add(queue.poll());
        }
        return batch;
    }
}
