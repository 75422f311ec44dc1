package io.missive.broker.config;

import io.missive.config.ConfigProblem;
import io.missive.config.ConfigProblems;
import org.jetbrains.annotations.NotNull;

import java.util.List;

/**
 * The configuration cannot be used. The message starts with {@code Invalid configuration:} and
 * names every bad key with its value and what is allowed, one a line when there are several.
 */
public final class InvalidConfigException extends Exception {

    private final @NotNull List<ConfigProblem> problems;

    public InvalidConfigException(final @NotNull ConfigProblems problems) {
        super(problems.message());
        this.problems = problems.list();
    }

    /** Every problem, in the order found. */
    public @NotNull List<ConfigProblem> problems() {
        return problems;
    }
}
