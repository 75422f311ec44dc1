package io.missive.broker.config;

import org.jetbrains.annotations.NotNull;

/** A configuration value is missing or wrong; the message names the key. */
public final class InvalidConfigException extends Exception {

    public InvalidConfigException(final @NotNull String message) {
        super(message);
    }
}
