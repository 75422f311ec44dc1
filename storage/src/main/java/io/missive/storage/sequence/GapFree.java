package io.missive.storage.sequence;

import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * The highest number of a gap-free sequence, found by point lookups: numbers above {@code floor}
 * exist exactly up to the highest one (a sequence here is gap-free and only a prefix is ever
 * dropped), so probing floor+1, +2, +4, … until one is missing, then halving the interval, finds
 * it in about 2·log2(n) lookups, each served by a unique index on any MongoDB-wire server. Stores
 * without ordered indexes would scan the whole collection for a "highest number" query instead.
 */
public final class GapFree {

    private GapFree() {
    }

    /**
     * @param floor  a number known to be at or below the highest (0 when nothing was dropped)
     * @param exists whether a number exists
     * @return the highest existing number above floor, or floor when there is none
     */
    public static @NotNull CompletableFuture<Long> highest(final long floor,
                                                           final @NotNull LongFunction<CompletableFuture<Boolean>> exists) {
        return gallop(floor, 1, exists);
    }

    /** {@code known} exists (or is the floor); probes known+step. */
    private static @NotNull CompletableFuture<Long> gallop(final long known, final long step,
                                                           final @NotNull LongFunction<CompletableFuture<Boolean>> exists) {
        return exists.apply(known + step).thenCompose(present -> present
                ? gallop(known + step, step * 2, exists)
                : bisect(known, known + step, exists));
    }

    /** {@code low} exists (or is the floor), {@code high} does not. */
    private static @NotNull CompletableFuture<Long> bisect(final long low, final long high,
                                                           final @NotNull LongFunction<CompletableFuture<Boolean>> exists) {
        if (high - low <= 1) {
            return CompletableFuture.completedFuture(low);
        }
        final long middle = low + (high - low) / 2;
        return exists.apply(middle).thenCompose(present -> present
                ? bisect(middle, high, exists)
                : bisect(low, middle, exists));
    }
}
