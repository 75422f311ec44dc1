package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

/**
 * Told when a read position moves: the user's own (marked read on any of the user's devices, this
 * one included: update the unread badge with {@link ReadState#unread()}), or, in a direct
 * conversation, the other user's (show the "read" tick on the user's messages up to
 * {@link ReadState#seq()}). Called on the client's delivery thread, in sync-stream order with the
 * messages delivered to {@link MessageListener}s, each position once. Exceptions thrown here are
 * logged and do not affect the client.
 */
@FunctionalInterface
public interface ReadListener {

    void onRead(@NotNull ReadState state);
}
