package io.missive.config;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Collects every problem of a configuration, so that all are reported at once. */
public final class ConfigProblems {

    /** The start of every report. */
    public static final @NotNull String PREFIX = "Invalid configuration: ";

    private final @NotNull List<ConfigProblem> problems = new ArrayList<>();

    public void add(final @Nullable String key, final @NotNull String message) {
        problems.add(new ConfigProblem(key, message));
    }

    /** A bad value: "{key} {problem}, got '{value}' ({origin})", with credentials hidden. */
    public void invalid(final @NotNull Setting setting, final @NotNull String problem, final @NotNull String value,
                        final @Nullable String origin) {
        add(setting.key(), setting.key() + " " + problem + ", got '" + setting.shown(value) + "'"
                + (origin == null ? "" : " (" + origin + ")"));
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public @NotNull List<ConfigProblem> list() {
        return List.copyOf(problems);
    }

    /**
     * The report: {@code Invalid configuration: <problem>} for one problem; for several, a count and
     * one problem a line.
     */
    public @NotNull String message() {
        if (problems.size() == 1) {
            return PREFIX + problems.get(0).message();
        }
        return PREFIX + problems.size() + " problems" + problems.stream().map(ConfigProblem::message)
                .collect(Collectors.joining(System.lineSeparator() + "  - ", System.lineSeparator() + "  - ", ""));
    }
}
