package io.missive.server;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * The server could not start; everything it had started is stopped again. The message says why
 * (port in use, store unavailable, extension failed, ...).
 */
public class MissiveStartException extends RuntimeException {

    public MissiveStartException(final @NotNull String message, final @Nullable Throwable cause) {
        super(message, cause);
    }
}
