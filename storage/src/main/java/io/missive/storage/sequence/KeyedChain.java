package io.missive.storage.sequence;

import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one at a time per key, in the order they were submitted: a task starts when
 * the previous task of its key has completed (successfully or not). Tasks of different keys run
 * concurrently. A key holds no memory once its last task has completed.
 */
public final class KeyedChain {

    private final @NotNull ConcurrentMap<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    /** Runs the task after every task submitted earlier for the key; completes as the task does. */
    public <T> @NotNull CompletableFuture<T> run(final @NotNull String key,
                                                final @NotNull Supplier<CompletableFuture<T>> task) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final CompletableFuture<?> previous = tails.put(key, result);
        if (previous == null) {
            start(task, result);
        } else {
            previous.whenComplete((ignored, error) -> start(task, result));
        }
        result.whenComplete((ignored, error) -> tails.remove(key, result));
        return result;
    }

    /** Keys with a task running or waiting (for tests and gauges). */
    public int activeKeys() {
        return tails.size();
    }

    private static <T> void start(final @NotNull Supplier<CompletableFuture<T>> task,
                                  final @NotNull CompletableFuture<T> result) {
        final CompletableFuture<T> running;
        try {
            running = task.get();
        } catch (final RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        running.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
    }
}
