package io.missive.sdk.internal;

import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends requests over a {@link Channel}: once, or, for requests the server applies at most once
 * (a group change with its request id) or whose repeat changes nothing (a read position), again
 * unchanged while an attempt fails in a way worth retrying (no answer in time, the connection lost,
 * a server failure), after a backoff, up to {@code maxAttempts} attempts. A refusal is not repeated.
 * Thread-safe; retries run on the timers' thread.
 */
final class RequestAttempts {

    private static final @NotNull Logger LOG = Logger.getLogger(RequestAttempts.class.getName());

    /** Sends one request and completes with its reply; fails with a MissiveException. */
    interface Channel {

        @NotNull CompletableFuture<Reply> request(@NotNull Uplink uplink);
    }

    private final @NotNull Channel channel;
    private final @NotNull Timers timers;
    private final @NotNull Backoff retries;
    private final int maxAttempts;

    RequestAttempts(final @NotNull Channel channel, final @NotNull Timers timers, final @NotNull Backoff retries,
                    final int maxAttempts) {
        this.channel = channel;
        this.timers = timers;
        this.retries = retries;
        this.maxAttempts = maxAttempts;
    }

    /** Sends the request once and decodes its reply. */
    <T> @NotNull CompletableFuture<T> once(final @NotNull Uplink uplink, final @NotNull Function<Reply, T> decoder) {
        return Futures.decode(send(uplink), decoder);
    }

    /** Sends the request, again unchanged while attempts fail in a way worth retrying; cancel the result to stop. */
    <T> @NotNull CompletableFuture<T> retried(final @NotNull Uplink uplink, final @NotNull Function<Reply, T> decoder) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        attempt(uplink, decoder, result, 0);
        return result;
    }

    private <T> void attempt(final @NotNull Uplink uplink, final @NotNull Function<Reply, T> decoder,
                             final @NotNull CompletableFuture<T> result, final int attempt) {
        if (result.isDone()) {
            return; // cancelled by the caller
        }
        once(uplink, decoder).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            final Throwable cause = Futures.unwrap(failure);
            if (attempt + 1 < maxAttempts && cause instanceof MissiveException
                    && ((MissiveException) cause).isRetryable() && !result.isDone()) {
                final long delay = retries.delayMs(attempt);
                LOG.log(Level.FINE, uplink.getBodyCase() + " request failed; sending it again in " + delay + " ms",
                        cause);
                timers.schedule(delay, () -> attempt(uplink, decoder, result, attempt + 1));
            } else {
                result.completeExceptionally(cause);
            }
        });
    }

    private @NotNull CompletableFuture<Reply> send(final @NotNull Uplink uplink) {
        try {
            return channel.request(uplink);
        } catch (final RuntimeException e) {
            return Futures.failed(e);
        }
    }
}
