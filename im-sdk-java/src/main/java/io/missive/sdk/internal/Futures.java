package io.missive.sdk.internal;

import io.missive.protocol.v1.Reply;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** Small operations on CompletableFutures that keep failures bare (no CompletionException wrapper). */
final class Futures {

    private Futures() {
    }

    static <T> @NotNull CompletableFuture<T> failed(final @NotNull Throwable failure) {
        final CompletableFuture<T> future = new CompletableFuture<>();
        future.completeExceptionally(failure);
        return future;
    }

    /** @return the failure itself, without CompletionException or ExecutionException around it */
    static @NotNull Throwable unwrap(final @NotNull Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** @return a future completed like {@code source}, which its holder cannot use to complete {@code source} */
    static <T> @NotNull CompletableFuture<T> copy(final @NotNull CompletableFuture<T> source) {
        final CompletableFuture<T> copy = new CompletableFuture<>();
        source.whenComplete((value, failure) -> {
            if (failure != null) {
                copy.completeExceptionally(unwrap(failure));
            } else {
                copy.complete(value);
            }
        });
        return copy;
    }

    /** Maps a reply to the caller's type; a decoder exception fails the returned future. */
    static <T> @NotNull CompletableFuture<T> decode(
            final @NotNull CompletableFuture<Reply> reply, final @NotNull Function<Reply, T> decoder) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        reply.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
                return;
            }
            try {
                result.complete(decoder.apply(value));
            } catch (final RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
