package io.missive.server;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Optional;

/**
 * A configuration value (or file) that cannot be used. The message starts with
 * {@code Invalid configuration:} and names the key, e.g.
 * {@code Invalid configuration: mqtt.port must be an integer 0..65535, got 'abc'}.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private final @Nullable String key;

    InvalidConfigurationException(final @Nullable String key, final @NotNull String problem) {
        super("Invalid configuration: " + problem);
        this.key = key;
    }

    /** The offending key, when the problem is a single key's value. */
    public @NotNull Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
