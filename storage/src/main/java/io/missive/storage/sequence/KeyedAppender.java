package io.missive.storage.sequence;

import org.jetbrains.annotations.NotNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs appends to one key (a conversation, a user's sync stream) one batch at a time, in
 * submission order, while different keys proceed in parallel. This is what makes sequence numbers
 * correct on a store whose atomic increments are not (see the storage notes): within one server,
 * one key never has two appends in flight, and across servers a unique index rejects a number
 * that was taken, after which the batch is retried with fresh state.
 *
 * <p>Nothing blocks: a batch is an asynchronous operation; the next batch of the same key starts
 * when it completes.
 *
 * @param <T> what is appended
 * @param <R> the result of one append
 */
public abstract class KeyedAppender<T, R> {

    private final @NotNull ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final @NotNull Executor executor;
    private final int maxBatch;
    /** Items submitted and not yet taken into a batch (a queue-depth gauge). */
    private final @NotNull AtomicInteger queued = new AtomicInteger();

    protected KeyedAppender(final @NotNull Executor executor, final int maxBatch) {
        this.executor = executor;
        this.maxBatch = maxBatch;
    }

    /** Queues an append for the key; the future completes when it is durable (or failed). */
    public @NotNull CompletableFuture<R> submit(final @NotNull String key, final @NotNull T item) {
        final Pending<T, R> pending = new Pending<>(item);
        queued.incrementAndGet();
        final boolean[] start = {false};
        final Lane lane = lanes.compute(key, (k, existing) -> {
            final Lane l = existing != null ? existing : new Lane(k);
            l.queue.add(pending);
            if (!l.running) {
                l.running = true;
                start[0] = true;
            }
            return l;
        });
        if (start[0]) {
            executor.execute(() -> drain(lane));
        }
        return pending.result;
    }

    /** Items submitted and waiting behind an earlier batch of their key. */
    public int queued() {
        return queued.get();
    }

    /**
     * Appends one batch. Implementations complete every pending item (or let the returned future
     * fail, which fails the items not yet completed).
     */
    protected abstract @NotNull CompletableFuture<Void> appendBatch(
            @NotNull String key, @NotNull List<Pending<T, R>> batch);

    private void drain(final @NotNull Lane lane) {
        final List<Pending<T, R>> batch = new ArrayList<>();
        lanes.compute(lane.key, (k, l) -> {
            while (batch.size() < maxBatch && !lane.queue.isEmpty()) {
                batch.add(lane.queue.poll());
            }
            return l;
        });
        queued.addAndGet(-batch.size());
        CompletableFuture<Void> done;
        try {
            done = appendBatch(lane.key, batch);
        } catch (final RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((ignored, error) -> {
            if (error != null) {
                batch.forEach(p -> p.fail(error));
            }
            final boolean[] again = {false};
            lanes.compute(lane.key, (k, l) -> {
                if (lane.queue.isEmpty()) {
                    lane.running = false;
                    return null;
                }
                again[0] = true;
                return l;
            });
            if (again[0]) {
                executor.execute(() -> drain(lane));
            }
        });
    }

    /** One queued append. */
    public static final class Pending<T, R> {
        private final @NotNull T item;
        private final @NotNull CompletableFuture<R> result = new CompletableFuture<>();
        private final long submittedNanos = System.nanoTime();

        Pending(final @NotNull T item) {
            this.item = item;
        }

        /** When it was submitted ({@link System#nanoTime()}). */
        public long submittedNanos() {
            return submittedNanos;
        }

        public @NotNull T item() {
            return item;
        }

        public void complete(final R value) {
            result.complete(value);
        }

        public void fail(final @NotNull Throwable error) {
            result.completeExceptionally(error);
        }

        public boolean isDone() {
            return result.isDone();
        }
    }

    private final class Lane {
        private final @NotNull String key;
        /** Guarded by the map's per-key lock (compute). */
        private final @NotNull ArrayDeque<Pending<T, R>> queue = new ArrayDeque<>();
        private boolean running;

        private Lane(final @NotNull String key) {
            this.key = key;
        }
    }
}
