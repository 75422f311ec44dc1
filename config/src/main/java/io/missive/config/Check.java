package io.missive.config;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/** Checks a (trimmed) value of one key; returns what is wrong with it ("must be ...") or null when it is fine. */
@FunctionalInterface
public interface Check {

    @Nullable String problem(@NotNull String value);

    /** This check, with the empty value accepted too (it means "off" or "not configured"). */
    default @NotNull Check orEmpty() {
        return value -> value.isEmpty() ? null : problem(value);
    }
}
