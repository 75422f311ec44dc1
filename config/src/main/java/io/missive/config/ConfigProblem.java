package io.missive.config;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * One thing wrong with a configuration.
 *
 * @param key     the key it is about, when it is about one
 * @param message the whole sentence, naming the key, the value and what is allowed, e.g.
 *                {@code mqtt.port must be an integer 0..65535, got 'abc' (in missive.properties)}
 */
public record ConfigProblem(@Nullable String key, @NotNull String message) {
}
