package io.missive.sdk.internal;

import io.missive.protocol.v1.Reply;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests waiting for their reply, keyed by correlation data. Each request completes exactly
 * once: with its reply, or with the first failure reported for it.
 */
final class PendingRequests {

    private final @NotNull Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** @return the future completed by {@link #complete} or {@link #fail} for this key */
    @NotNull CompletableFuture<Reply> register(final @NotNull String key, final @Nullable String clientMsgId) {
        final Pending request = new Pending(clientMsgId);
        if (pending.putIfAbsent(key, request) != null) {
            throw new IllegalStateException("correlation data reused: " + key);
        }
        return request.future;
    }

    /** @return false when no request waits under this key (answered already, failed, or not ours) */
    boolean complete(final @NotNull String key, final @NotNull Reply reply) {
        final Pending request = pending.remove(key);
        return request != null && request.future.complete(reply);
    }

    /** Fails one request; the exception is built with the request's client message id. */
    boolean fail(final @NotNull String key, final @NotNull ErrorCode code, final @NotNull String message,
                 final int reasonCode, final @Nullable Throwable cause) {
        final Pending request = pending.remove(key);
        return request != null && request.future.completeExceptionally(
                new MissiveException(code, message, request.clientMsgId, reasonCode, cause));
    }

    /** Fails one request with a ready-made exception. */
    boolean fail(final @NotNull String key, final @NotNull MissiveException failure) {
        final Pending request = pending.remove(key);
        return request != null && request.future.completeExceptionally(failure);
    }

    /** Fails every waiting request, e.g. when the connection ends. */
    void failAll(final @NotNull ErrorCode code, final @NotNull String message) {
        final List<String> keys = new ArrayList<>(pending.keySet());
        for (final String key : keys) {
            fail(key, code, message, -1, null);
        }
    }

    boolean isPending(final @NotNull String key) {
        return pending.containsKey(key);
    }

    int size() {
        return pending.size();
    }

    private static final class Pending {

        private final @Nullable String clientMsgId;
        private final @NotNull CompletableFuture<Reply> future = new CompletableFuture<>();

        private Pending(final @Nullable String clientMsgId) {
            this.clientMsgId = clientMsgId;
        }
    }
}
