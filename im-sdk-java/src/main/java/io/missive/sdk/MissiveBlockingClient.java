package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A blocking view of a {@link MissiveClient}: each method waits for the corresponding future and
 * throws its {@link MissiveException} directly. Obtain one with {@link MissiveClient#toBlocking()}.
 * Do not call it from a {@link MessageListener}: the listener would wait on its own thread.
 */
public final class MissiveBlockingClient implements AutoCloseable {

    private final @NotNull MissiveClient client;

    MissiveBlockingClient(final @NotNull MissiveClient client) {
        this.client = client;
    }

    /** @see MissiveClient#connect() */
    public @NotNull ConnectResult connect() {
        return await(client.connect());
    }

    /** @see MissiveClient#send(OutgoingMessage) */
    public @NotNull SendReceipt send(final @NotNull OutgoingMessage message) {
        return await(client.send(message));
    }

    /** @see MissiveClient#sendText(String, String) */
    public @NotNull SendReceipt sendText(final @NotNull String toUserId, final @NotNull String text) {
        return await(client.sendText(toUserId, text));
    }

    /** @see MissiveClient#history(String, HistoryQuery) */
    public @NotNull HistoryPage history(final @NotNull String conversationId, final @NotNull HistoryQuery query) {
        return await(client.history(conversationId, query));
    }

    /** Waits until the current (or next) connection has caught up. @see MissiveClient#whenSynced() */
    public void awaitSynced() {
        await(client.whenSynced());
    }

    /** @see MissiveClient#listDevices() */
    public @NotNull List<DeviceInfo> listDevices() {
        return await(client.listDevices());
    }

    /** @see MissiveClient#revokeDevice(String) */
    public void revokeDevice(final @NotNull String deviceId) {
        await(client.revokeDevice(deviceId));
    }

    /** @see MissiveClient#disconnect() */
    public void disconnect() {
        await(client.disconnect());
    }

    /** @see MissiveClient#close() */
    @Override
    public void close() {
        await(client.close());
    }

    /** @return the asynchronous client behind this view */
    public @NotNull MissiveClient toAsync() {
        return client;
    }

    private static <T> T await(final @NotNull CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (final CompletionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }
}
