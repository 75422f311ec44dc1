package io.missive.storage.message;

import org.jetbrains.annotations.NotNull;

/** The outcome of appending a message: the stored message, and whether it had been stored before. */
public final class AppendResult {

    private final @NotNull StoredMessage message;
    private final boolean duplicate;

    public AppendResult(final @NotNull StoredMessage message, final boolean duplicate) {
        this.message = message;
        this.duplicate = duplicate;
    }

    public @NotNull StoredMessage message() {
        return message;
    }

    /** True when the sender's clientMsgId had been stored before; nothing new was stored. */
    public boolean duplicate() {
        return duplicate;
    }
}
