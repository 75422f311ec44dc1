package io.missive.server;

import org.jetbrains.annotations.NotNull;

/**
 * The Missive extension did not start (bad configuration it rejected, MongoDB unusable, not loaded).
 * The broker was stopped without having admitted anyone: while it ran, every client was refused.
 */
public final class ExtensionStartException extends MissiveStartException {

    private final @NotNull String reason;

    public ExtensionStartException(final @NotNull String reason) {
        super("The Missive extension did not start: " + reason, null);
        this.reason = reason;
    }

    /** The extension's own reason, e.g. {@code Invalid configuration: limits.max-payload-bytes must be ...}. */
    public @NotNull String reason() {
        return reason;
    }
}
