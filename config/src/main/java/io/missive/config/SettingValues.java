package io.missive.config;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The raw values of the keys one reader accepts (all keys for missive-server, the
 * {@link Setting#readByExtension()} ones for the extension), each remembering where it came from.
 * Precedence, lowest first: the defaults, a properties file, {@code MISSIVE_*} environment variables.
 * Values are trimmed; a set environment variable wins even when empty.
 */
public final class SettingValues {

    private final boolean extensionKeysOnly;
    private final @NotNull Map<Setting, String> values = new EnumMap<>(Setting.class);
    private final @NotNull Map<Setting, String> origins = new EnumMap<>(Setting.class);

    private SettingValues(final boolean extensionKeysOnly) {
        this.extensionKeysOnly = extensionKeysOnly;
        for (final Setting setting : Setting.values()) {
            if (accepts(setting)) {
                values.put(setting, setting.defaultValue());
            }
        }
    }

    /** Every key at its default: missive-server's reader. */
    public static @NotNull SettingValues allKeys() {
        return new SettingValues(false);
    }

    /** The keys the extension reads, at their defaults: the extension's reader. */
    public static @NotNull SettingValues extensionKeys() {
        return new SettingValues(true);
    }

    public boolean accepts(final @NotNull Setting setting) {
        return !extensionKeysOnly || setting.readByExtension();
    }

    /** Sets a value (trimmed); {@code origin} says where it came from in messages ("in file", null: set by code). */
    public void set(final @NotNull Setting setting, final @NotNull String value, final @Nullable String origin) {
        if (!accepts(setting)) {
            throw new IllegalArgumentException(setting.key() + " is not read here");
        }
        values.put(setting, value.trim());
        if (origin == null) {
            origins.remove(setting);
        } else {
            origins.put(setting, origin);
        }
    }

    /**
     * Reads a properties file (UTF-8) over the current values. A key this reader does not accept is a
     * problem; so is a file that cannot be read (then nothing of it is used).
     *
     * @param name the file as named in messages
     */
    public void readFile(final @NotNull Path file, final @NotNull String name, final @NotNull ConfigProblems problems) {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException | IllegalArgumentException e) {
            problems.add(null, "cannot read " + name + ": " + describe(e));
            return;
        }
        for (final String key : properties.stringPropertyNames().stream().sorted().toList()) {
            final Setting setting = Setting.byKey(key.trim()).orElse(null);
            if (setting == null) {
                problems.add(key, "unknown key '" + key + "' in " + name + " (known keys: " + knownKeys() + ")");
            } else if (!accepts(setting)) {
                problems.add(key, "key '" + key + "' in " + name + " is read by missive-server only, not by the "
                        + "extension");
            } else {
                set(setting, properties.getProperty(key), "in " + name);
            }
        }
    }

    /** Applies the {@code MISSIVE_*} variables of the accepted keys; other variables are ignored. */
    public void applyEnvironment(final @NotNull Map<String, String> environment) {
        for (final Setting setting : values.keySet()) {
            final String value = environment.get(setting.envName());
            if (value != null) {
                set(setting, value, "from environment variable " + setting.envName());
            }
        }
    }

    /** Adds a problem for every value its key does not allow. */
    public void check(final @NotNull ConfigProblems problems) {
        values.forEach((setting, value) -> {
            final String problem = setting.problem(value);
            if (problem != null) {
                invalid(setting, problem, problems);
            }
        });
    }

    /** Adds the problem of a value that is allowed alone but not together with others. */
    public void invalid(final @NotNull Setting setting, final @NotNull String problem,
                        final @NotNull ConfigProblems problems) {
        problems.invalid(setting, problem, get(setting), origins.get(setting));
    }

    public @NotNull String get(final @NotNull Setting setting) {
        final String value = values.get(setting);
        if (value == null) {
            throw new IllegalArgumentException(setting.key() + " is not read here");
        }
        return value;
    }

    /** A value checked by {@link #check}: an integer key's value. */
    public int integer(final @NotNull Setting setting) {
        return Integer.parseInt(get(setting));
    }

    /** A value checked by {@link #check}: a boolean key's value. */
    public boolean bool(final @NotNull Setting setting) {
        return Boolean.parseBoolean(get(setting));
    }

    /** The values, in {@link Setting} order. */
    public @NotNull Map<Setting, String> asMap() {
        return Collections.unmodifiableMap(new EnumMap<>(values));
    }

    private @NotNull String knownKeys() {
        return Arrays.stream(Setting.values()).filter(this::accepts).map(Setting::key)
                .collect(Collectors.joining(", "));
    }

    private static @NotNull String describe(final @NotNull Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
