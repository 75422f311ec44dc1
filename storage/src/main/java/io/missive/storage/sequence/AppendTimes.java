package io.missive.storage.sequence;

import org.jetbrains.annotations.NotNull;

/**
 * Told how long each stored append spent in each stage, for metrics: waiting (from its submission
 * until the insert carrying it went to the store: behind earlier batches of its key, then for a
 * free insert slot of its collection) and the insert itself. Called on the store driver's threads;
 * must not block.
 */
@FunctionalInterface
public interface AppendTimes {

    /** Records nothing. */
    @NotNull AppendTimes NONE = (collection, waitedNanos, insertNanos) -> {
    };

    /**
     * @param collection  the collection appended to ({@code messages}, {@code sync_events})
     * @param waitedNanos from the append's submission until its insert was sent
     * @param insertNanos from sending the insert until its answer
     */
    void stored(@NotNull String collection, long waitedNanos, long insertNanos);
}
