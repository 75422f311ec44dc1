package io.missive.broker.config;

import com.mongodb.ConnectionString;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads {@code conf/missive.properties} from the extension folder; every key can be overridden by
 * an environment variable ({@code history.max-limit} ← {@code MISSIVE_HISTORY_MAX_LIMIT}); an
 * empty variable counts as unset.
 * A bad value is reported with the key it belongs to.
 */
public final class ConfigLoader {

    public static final @NotNull String FILE = "conf/missive.properties";

    private final @NotNull Map<String, String> environment;

    public ConfigLoader(final @NotNull Map<String, String> environment) {
        this.environment = environment;
    }

    public @NotNull ExtensionConfig load(final @NotNull Path extensionHome) throws InvalidConfigException {
        final Properties file = new Properties();
        final Path path = extensionHome.resolve(FILE);
        if (Files.isRegularFile(path)) {
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                file.load(reader);
            } catch (final IOException | IllegalArgumentException e) {
                throw new InvalidConfigException("cannot read " + FILE + ": " + e.getMessage());
            }
        }
        final Source source = new Source(file);
        final String mongoUri = source.get("mongo.uri", null);
        if (mongoUri == null || mongoUri.isBlank()) {
            throw new InvalidConfigException("mongo.uri is required (a MongoDB connection string)");
        }
        try {
            new ConnectionString(mongoUri);
        } catch (final IllegalArgumentException e) {
            throw new InvalidConfigException("mongo.uri is not a valid MongoDB connection string: " + e.getMessage());
        }
        final String database = source.get("mongo.database", "missive");
        if (database.isBlank() || database.matches(".*[/\\\\. \"$].*")) {
            throw new InvalidConfigException("mongo.database is not a valid database name: '" + database + "'");
        }
        final String redisUri = source.get("redis.uri", "");
        if (!redisUri.isEmpty() && !redisUri.matches("rediss?://[^\\s]+")) {
            throw new InvalidConfigException("redis.uri must look like redis://host:port (or rediss:// for TLS), got '"
                    + redisUri + "'");
        }
        final ExtensionConfig.Extras extras = new ExtensionConfig.Extras(redisUri,
                source.integer("counters.flush-ms", 200, 1, 60_000),
                source.integer("groups.read-receipts-max-members", 500, 2, 100_000),
                source.integer("presence.debounce-ms", 2_000, 0, 600_000));
        return new ExtensionConfig(mongoUri, database,
                source.integer("limits.max-payload-bytes", 65_536, 64, 16 * 1024 * 1024),
                source.bool("auth.self-registration", false),
                source.integer("auth.max-failed-attempts", 5, 1, 1_000),
                source.integer("auth.lockout-max-seconds", 60, 1, 86_400),
                source.integer("history.max-limit", 100, 1, 1_000),
                new SyncSettings(
                        source.integer("sync.retention-days", 30, 1, 3_650),
                        source.integer("sync.max-events-per-user", 10_000, 10, 10_000_000),
                        source.integer("sync.retransmit-after-ms", 5_000, 100, 600_000),
                        source.integer("sync.max-retransmits", 3, 0, 100)),
                source.integer("groups.max-members", ExtensionConfig.DEFAULT_MAX_GROUP_MEMBERS, 2, 1_000_000))
                .with(extras);
    }

    /** Environment variable that overrides a key. */
    public static @NotNull String envName(final @NotNull String key) {
        return "MISSIVE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private final class Source {
        private final @NotNull Properties file;

        private Source(final @NotNull Properties file) {
            this.file = file;
        }

        @Nullable String get(final @NotNull String key, final @Nullable String fallback) {
            final String env = environment.get(envName(key));
            if (env != null && !env.isBlank()) {
                return env.trim();
            }
            final String value = file.getProperty(key);
            return value != null ? value.trim() : fallback;
        }

        int integer(final @NotNull String key, final int fallback, final int min, final int max)
                throws InvalidConfigException {
            final String raw = get(key, null);
            if (raw == null || raw.isEmpty()) {
                return fallback;
            }
            try {
                final int value = Integer.parseInt(raw);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (final NumberFormatException ignored) {
                // reported below
            }
            throw new InvalidConfigException(key + " must be an integer " + min + ".." + max + ", got '" + raw + "'");
        }

        boolean bool(final @NotNull String key, final boolean fallback) throws InvalidConfigException {
            final String raw = get(key, null);
            if (raw == null || raw.isEmpty()) {
                return fallback;
            }
            if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(raw);
            }
            throw new InvalidConfigException(key + " must be true or false, got '" + raw + "'");
        }
    }
}
