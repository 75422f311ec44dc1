package io.missive.broker.request;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Hands a message to the broker for the devices subscribed to its topic (QoS 1). The extension's one
 * way out to devices: {@link Replies} uses it for replies and sync events.
 */
public interface Publisher {

    /**
     * @param correlationData echoed to the requester in a reply; null for events
     * @return completes once the broker took the message (exceptionally if it did not)
     */
    @NotNull CompletableFuture<Void> publish(@NotNull String topic, byte @NotNull [] payload,
                                             @Nullable ByteBuffer correlationData);
}
