package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The delivery thread as the connection's events reach it: a task posted once the client is closed
 * (the thread shut down) is dropped, since nobody listens any more.
 */
final class DeliveryThread implements Executor {

    private final @NotNull Executor delivery;

    DeliveryThread(final @NotNull Executor delivery) {
        this.delivery = delivery;
    }

    @Override
    public void execute(final @NotNull Runnable task) {
        try {
            delivery.execute(task);
        } catch (final RejectedExecutionException e) {
            // closed: nobody listens any more
        }
    }
}
