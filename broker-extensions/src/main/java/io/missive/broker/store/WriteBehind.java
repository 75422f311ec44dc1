package io.missive.broker.store;

import org.jetbrains.annotations.NotNull;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Values taken in memory at once and written to the store later, many in one command: the latest
 * value per key (values of one key are combined with {@code merge}, e.g. the highest). A write that
 * fails is put back, behind any newer value of its key, and goes with the next flush. While a
 * value waits or is being written, {@link #pending} answers it, so readers on this node never see
 * less than what was taken.
 *
 * <p>What a crash loses is what was taken since the last flush: use it for state that is
 * informational or that its owner tells again (a device's acknowledged version, a user's last seen time).
 *
 * @param <K> the key (a device id, a user id)
 * @param <V> the value
 */
public final class WriteBehind<K, V> {

    private final @NotNull BinaryOperator<V> merge;
    private final @NotNull Function<Map<K, V>, CompletableFuture<Void>> write;
    /** Guarded by this. */
    private @NotNull Map<K, V> pending = new HashMap<>();
    /** Guarded by this: the batch being written, still answered by {@link #pending}. */
    private @NotNull Map<K, V> writing = Map.of();

    /**
     * @param merge combines two values of one key (both directions must give the same answer)
     * @param write writes a batch (never empty) in one command; completes when stored
     */
    public WriteBehind(final @NotNull BinaryOperator<V> merge,
                       final @NotNull Function<Map<K, V>, CompletableFuture<Void>> write) {
        this.merge = merge;
        this.write = write;
    }

    /** Takes a value; it is written with the next flush. */
    public synchronized void put(final @NotNull K key, final @NotNull V value) {
        pending.merge(key, value, merge);
    }

    /** The key's value not yet stored (waiting or being written), if any. */
    public synchronized @NotNull Optional<V> pending(final @NotNull K key) {
        final V waiting = pending.get(key);
        final V inFlight = writing.get(key);
        if (waiting == null || inFlight == null) {
            return Optional.ofNullable(waiting != null ? waiting : inFlight);
        }
        return Optional.of(merge.apply(waiting, inFlight));
    }

    /** Drops the key's waiting value (it must not be written any more). */
    public synchronized void forget(final @NotNull K key) {
        pending.remove(key);
    }

    /** Keys with a value waiting for the next flush. */
    public synchronized int size() {
        return pending.size();
    }

    /** The keys with a value waiting for the next flush, now. */
    public synchronized @NotNull Set<K> keys() {
        return new HashSet<>(pending.keySet());
    }

    /** Writes every value taken so far in one command; completes when stored (at once when nothing waits). */
    public @NotNull CompletableFuture<Void> flush() {
        return flush(key -> true);
    }

    /**
     * Writes the waiting values whose key is {@code due} in one command (the others wait on); completes
     * when stored (at once when none is due). {@link #pending} answers for the batch of the latest flush:
     * flush from one timer.
     */
    public @NotNull CompletableFuture<Void> flush(final @NotNull Predicate<K> due) {
        final Map<K, V> batch = new HashMap<>();
        synchronized (this) {
            pending.entrySet().removeIf(entry -> {
                if (!due.test(entry.getKey())) {
                    return false;
                }
                batch.put(entry.getKey(), entry.getValue());
                return true;
            });
            if (batch.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            writing = batch;
        }
        CompletableFuture<Void> stored;
        try {
            stored = write.apply(batch);
        } catch (final RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        return stored.whenComplete((ok, error) -> {
            synchronized (this) {
                writing = Map.of();
                if (error != null) {
                    // written with the next batch, combined with any newer value
                    batch.forEach((key, value) -> pending.merge(key, value, merge));
                }
            }
        });
    }
}
