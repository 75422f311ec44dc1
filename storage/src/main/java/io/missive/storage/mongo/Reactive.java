package io.missive.storage.mongo;

import org.jetbrains.annotations.NotNull;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bridges the MongoDB reactive-streams driver to {@link CompletableFuture}s. Every store method
 * returns a future; nothing here blocks.
 */
public final class Reactive {

    private Reactive() {
    }

    /** The first element, if any; the subscription is cancelled after it. */
    public static <T> @NotNull CompletableFuture<Optional<T>> first(final @NotNull Publisher<T> publisher) {
        final CompletableFuture<Optional<T>> result = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<T>() {
            private Subscription subscription;

            @Override
            public void onSubscribe(final Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(final T item) {
                if (result.complete(Optional.ofNullable(item))) {
                    subscription.cancel();
                }
            }

            @Override
            public void onError(final Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                result.complete(Optional.empty());
            }
        });
        return result;
    }

    /** Every element, in order. */
    public static <T> @NotNull CompletableFuture<List<T>> list(final @NotNull Publisher<T> publisher) {
        final CompletableFuture<List<T>> result = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<T>() {
            private final List<T> items = new ArrayList<>();

            @Override
            public void onSubscribe(final Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(final T item) {
                items.add(item);
            }

            @Override
            public void onError(final Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                result.complete(items);
            }
        });
        return result;
    }

    /** Completes when the publisher completes; the elements are ignored. */
    public static @NotNull CompletableFuture<Void> done(final @NotNull Publisher<?> publisher) {
        return list(publisher).thenApply(ignored -> null);
    }
}
