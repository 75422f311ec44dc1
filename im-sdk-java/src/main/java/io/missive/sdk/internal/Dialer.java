package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;

/** Opens the transport to an endpoint (to find out that it answers), without speaking MQTT. */
interface Dialer {

    /** One transport being opened. */
    interface Dial {

        /** Completes when the transport is established, or fails with why it could not be. */
        @NotNull CompletableFuture<Void> established();

        /** Aborts the dial, or closes the established transport; idempotent, never blocks for long. */
        void close();
    }

    /** Starts opening a transport to the endpoint; never blocks. */
    @NotNull Dial dial(@NotNull Endpoint endpoint);
}
