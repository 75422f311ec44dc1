package io.missive.server;

import io.missive.config.ConfigProblem;
import io.missive.config.ConfigProblems;
import io.missive.config.Setting;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.Optional;

/**
 * A configuration that cannot be used, with every problem found. The message starts with
 * {@code Invalid configuration:} and names each bad key with its value and what is allowed, e.g.
 * {@code Invalid configuration: mqtt.port must be an integer 0..65535, got 'abc'}; several problems
 * come one a line.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private final @NotNull List<ConfigProblem> problems;

    InvalidConfigurationException(final @NotNull ConfigProblems problems) {
        super(problems.message());
        this.problems = problems.list();
    }

    /** One problem with one key's value found after reading (e.g. the file it names cannot be used). */
    public static @NotNull InvalidConfigurationException about(final @NotNull Setting key, final @NotNull String problem) {
        final ConfigProblems problems = new ConfigProblems();
        problems.add(key.key(), key.key() + " " + problem);
        return new InvalidConfigurationException(problems);
    }

    /** The offending key, when the configuration has one problem and it is about a single key. */
    public @NotNull Optional<String> key() {
        return problems.size() == 1 ? Optional.ofNullable(problems.get(0).key()) : Optional.empty();
    }

    /** Every problem, in the order found. */
    public @NotNull List<ConfigProblem> problems() {
        return problems;
    }
}
