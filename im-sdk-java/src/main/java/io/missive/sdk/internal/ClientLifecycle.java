package io.missive.sdk.internal;

import io.missive.sdk.ConnectResult;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client's life as the application drives it: connecting, after which a lost connection is
 * restored; disconnecting, which ends the restoring; and closing for good, which fails the sends
 * still waiting, releases the MQTT client and ends the client's threads. Thread-safe.
 */
final class ClientLifecycle {

    private final @NotNull Connection connection;
    private final @NotNull Reconnector reconnector;
    private final @NotNull Outbox outbox;
    private final @NotNull SyncAcks acks;
    private final @NotNull SyncSignal syncSignal;
    private final @NotNull ExecutorService delivery;
    private final @NotNull ExecutorService callbacks;
    private final @NotNull ExecutorService dials;
    private final @NotNull AtomicReference<CompletableFuture<Void>> closing = new AtomicReference<>();

    /**
     * @param delivery  the delivery thread, shut down on close
     * @param callbacks the callback thread, shut down on close after it completed the close
     * @param dials     the threads that dial endpoints, shut down on close
     */
    ClientLifecycle(final @NotNull Connection connection, final @NotNull Reconnector reconnector,
                    final @NotNull Outbox outbox, final @NotNull SyncAcks acks, final @NotNull SyncSignal syncSignal,
                    final @NotNull ExecutorService delivery, final @NotNull ExecutorService callbacks,
                    final @NotNull ExecutorService dials) {
        this.connection = connection;
        this.reconnector = reconnector;
        this.outbox = outbox;
        this.acks = acks;
        this.syncSignal = syncSignal;
        this.delivery = delivery;
        this.callbacks = callbacks;
        this.dials = dials;
    }

    @NotNull CompletableFuture<ConnectResult> connect() {
        if (closing.get() != null) {
            return Futures.failed(new MissiveException(ErrorCode.NOT_CONNECTED, "client is closed"));
        }
        final CompletableFuture<ConnectResult> result = connection.connect(false);
        // from now on a lost connection is restored; an automatic attempt already scheduled stays
        // scheduled, so that a failing manual connect does not end the automatic ones
        result.thenRun(reconnector::start);
        return result;
    }

    @NotNull CompletableFuture<Void> disconnect() {
        reconnector.stop();
        acks.flush(); // tell the server what was processed while the connection is still there
        return connection.disconnect();
    }

    @NotNull CompletableFuture<Void> close() {
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        if (!closing.compareAndSet(null, closed)) {
            return closing.get();
        }
        reconnector.stop();
        outbox.close();
        acks.flush();
        connection.disconnect().whenComplete((ignored, failure) -> {
            connection.close();
            syncSignal.close(new MissiveException(ErrorCode.NOT_CONNECTED, "client is closed"));
            delivery.shutdown();
            dials.shutdown();
            callbacks.execute(() -> closed.complete(null));
            callbacks.shutdown();
        });
        return closed;
    }
}
