package io.missive.broker.config;

import io.missive.config.ConfigProblems;
import io.missive.config.EmbeddedExtension;
import io.missive.config.NodeIds;
import io.missive.config.Setting;
import io.missive.config.SettingValues;
import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads {@code conf/missive.properties} from the extension folder through the shared table of keys
 * ({@link Setting}, the keys {@link Setting#readByExtension() read by the extension}); every key can
 * be overridden by an environment variable ({@code history.max-limit} ← {@code MISSIVE_HISTORY_MAX_LIMIT}),
 * which wins even when empty. Embedded in missive-server, the file alone is read (see
 * {@link EmbeddedExtension}). Every problem is reported at once, each naming its key.
 */
public final class ConfigLoader {

    public static final @NotNull String FILE = "conf/missive.properties";

    private final @NotNull Map<String, String> environment;

    public ConfigLoader(final @NotNull Map<String, String> environment) {
        this.environment = environment;
    }

    public @NotNull ExtensionConfig load(final @NotNull Path extensionHome) throws InvalidConfigException {
        final SettingValues values = SettingValues.extensionKeys();
        final ConfigProblems problems = new ConfigProblems();
        final Path path = extensionHome.resolve(FILE);
        if (Files.isRegularFile(path)) {
            values.readFile(path, FILE, problems);
        }
        values.applyEnvironment(EmbeddedExtension.environment(environment));
        values.check(problems);
        if (values.get(Setting.MONGO_URI).isEmpty()) {
            problems.add(Setting.MONGO_URI.key(), "mongo.uri is required (a MongoDB connection string)");
        }
        final PushSettings push = new PushSettingsReader(values, problems).read();
        final LinkSettings links = links(values, problems);
        final ClusterSettings cluster = cluster(values, extensionHome, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        final ExtensionConfig.Extras extras = new ExtensionConfig.Extras(values.get(Setting.REDIS_URI),
                values.integer(Setting.COUNTERS_FLUSH_MS),
                values.integer(Setting.GROUPS_READ_RECEIPTS_MAX_MEMBERS),
                values.integer(Setting.PRESENCE_DEBOUNCE_MS),
                values.integer(Setting.HEALTH_CHECK_INTERVAL_MS));
        return new ExtensionConfig(values.get(Setting.MONGO_URI), values.get(Setting.MONGO_DATABASE),
                values.integer(Setting.LIMITS_MAX_PAYLOAD_BYTES),
                values.bool(Setting.AUTH_SELF_REGISTRATION),
                values.integer(Setting.AUTH_MAX_FAILED_ATTEMPTS),
                values.integer(Setting.AUTH_LOCKOUT_MAX_SECONDS),
                values.integer(Setting.HISTORY_MAX_LIMIT),
                new SyncSettings(
                        values.integer(Setting.SYNC_RETENTION_DAYS),
                        values.integer(Setting.SYNC_MAX_EVENTS_PER_USER),
                        values.integer(Setting.SYNC_RETRANSMIT_AFTER_MS),
                        values.integer(Setting.SYNC_MAX_RETRANSMITS)),
                values.integer(Setting.GROUPS_MAX_MEMBERS))
                .with(extras)
                .with(push)
                .with(new RateLimitSettings(values.integer(Setting.LIMITS_MESSAGES_PER_SECOND),
                        values.integer(Setting.LIMITS_MESSAGES_BURST),
                        values.integer(Setting.LIMITS_REQUESTS_PER_SECOND),
                        values.integer(Setting.LIMITS_REQUESTS_BURST),
                        values.integer(Setting.LIMITS_LOOKUPS_PER_MINUTE),
                        values.integer(Setting.LIMITS_LOOKUPS_BURST),
                        values.integer(Setting.LIMITS_CONNECTS_PER_SECOND),
                        values.integer(Setting.LIMITS_CONNECTS_BURST),
                        Arrays.stream(values.get(Setting.LIMITS_CONNECTS_EXEMPT).split(","))
                                .map(String::trim).filter(a -> !a.isEmpty()).collect(Collectors.toSet())))
                .with(links)
                .with(cluster);
    }

    /**
     * {@code cluster.*}, with Redis only: the configured node id, or the one kept in the extension's
     * folder (generated there at the first start).
     */
    private static @NotNull ClusterSettings cluster(final @NotNull SettingValues values, final @NotNull Path home,
                                                    final @NotNull ConfigProblems problems) {
        if (!problems.isEmpty() || values.get(Setting.REDIS_URI).isEmpty()) {
            return ClusterSettings.DEFAULTS;
        }
        try {
            return new ClusterSettings(NodeIds.resolve(values.get(Setting.CLUSTER_NODE_ID), home),
                    values.integer(Setting.CLUSTER_HEARTBEAT_MS));
        } catch (final RuntimeException e) {
            values.invalid(Setting.CLUSTER_NODE_ID, "must be set, or the node id kept in " + NodeIds.FILE
                    + " must be readable (" + e.getMessage() + ")", problems);
            return ClusterSettings.DEFAULTS;
        }
    }

    /** {@code links.*}; the deny file must be a readable UTF-8 file now (it is re-read when it changes). */
    private static @NotNull LinkSettings links(final @NotNull SettingValues values,
                                               final @NotNull ConfigProblems problems) {
        if (problems.list().stream().anyMatch(p -> p.key() != null && p.key().startsWith("links."))) {
            return LinkSettings.OFF;
        }
        final String denyFile = values.get(Setting.LINKS_DENY_FILE);
        Path deny = null;
        if (!denyFile.isEmpty()) {
            deny = Path.of(denyFile);
            try {
                Files.readAllLines(deny, StandardCharsets.UTF_8);
            } catch (final IOException e) {
                values.invalid(Setting.LINKS_DENY_FILE, "must be a readable UTF-8 file of domains ("
                        + (e instanceof NoSuchFileException ? "no such file" : e.toString()) + ")", problems);
            }
        }
        final String checker = values.get(Setting.LINKS_CHECKER_URL);
        return new LinkSettings(deny, checker.isEmpty() ? null : URI.create(checker),
                values.integer(Setting.LINKS_CHECKER_TIMEOUT_MS),
                values.get(Setting.LINKS_CHECKER_FAIL).equalsIgnoreCase("open"));
    }

    /** Environment variable that overrides a key. */
    public static @NotNull String envName(final @NotNull String key) {
        return Setting.envName(key);
    }
}
