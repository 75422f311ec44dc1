package io.missive.broker.request;

import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;

/**
 * Answers one kind of request: the {@link Uplink.BodyCase} it is registered for in its feature's
 * module ({@link RequestCase}). It refuses a request by throwing {@link RequestException}, before
 * it returns its future or inside one of its stages.
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * Runs the request of the device.
     *
     * @return completes with the reply for the device's reply topic once the request is done, or
     *         with null for a request that the PUBACK alone answers (a sync acknowledgement)
     */
    @NotNull CompletableFuture<Reply> handle(@NotNull Identity device, @NotNull Uplink uplink);
}
