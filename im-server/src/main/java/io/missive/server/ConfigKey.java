package io.missive.server;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Locale;
import java.util.Optional;

/**
 * Every key of {@code missive.properties}, with its default and the check a value must pass.
 * Keys marked {@link #passedToExtension()} are also written, unchanged, into the extension's own
 * configuration file; the extension validates them again.
 *
 * <p>Every key can be overridden by an environment variable: the key upper-cased, with '.' and '-'
 * replaced by '_', prefixed with {@code MISSIVE_} ({@code mqtt.port} ← {@code MISSIVE_MQTT_PORT}).
 */
public enum ConfigKey {

    MQTT_BIND_ADDRESS("mqtt.bind-address", "127.0.0.1", false, ValueChecks::bindAddress),
    MQTT_PORT("mqtt.port", "1883", false, ValueChecks::port),
    MQTT_MAX_PACKET_BYTES("mqtt.max-packet-bytes", "1048576", false, v -> ValueChecks.integer(v, 1024, 268_435_460)),
    WEBSOCKET_PORT("websocket.port", "", false, v -> v.isEmpty() ? null : ValueChecks.port(v)),
    HTTP_BIND_ADDRESS("http.bind-address", "127.0.0.1", false, ValueChecks::bindAddress),
    HTTP_PORT("http.port", "8080", false, v -> v.isEmpty() ? null : ValueChecks.port(v)),
    DATA_DIR("data.dir", "./missive-data", false, ValueChecks::path),
    MONGO_URI("mongo.uri", "", true, ValueChecks::mongoUri),
    MONGO_DATABASE("mongo.database", "missive", true, ValueChecks::databaseName),
    MONGO_EMBEDDED_PORT("mongo.embedded-port", "27117", false, ValueChecks::port),
    MONGO_EMBEDDED_FSYNC("mongo.embedded-fsync", "false", false, ValueChecks::bool),
    REDIS_URI("redis.uri", "", true, ValueChecks::redisUri),
    REDIS_EMBEDDED_PORT("redis.embedded-port", "6479", false, ValueChecks::port),
    LIMITS_MAX_PAYLOAD_BYTES("limits.max-payload-bytes", "65536", true, v -> ValueChecks.integer(v, 64, 16 * 1024 * 1024)),
    AUTH_SELF_REGISTRATION("auth.self-registration", "false", true, ValueChecks::bool),
    AUTH_MAX_FAILED_ATTEMPTS("auth.max-failed-attempts", "5", true, v -> ValueChecks.integer(v, 1, 1_000)),
    AUTH_LOCKOUT_MAX_SECONDS("auth.lockout-max-seconds", "60", true, v -> ValueChecks.integer(v, 1, 86_400)),
    HISTORY_MAX_LIMIT("history.max-limit", "100", true, v -> ValueChecks.integer(v, 1, 1_000)),
    SYNC_RETENTION_DAYS("sync.retention-days", "30", true, v -> ValueChecks.integer(v, 1, 3_650)),
    SYNC_MAX_EVENTS_PER_USER("sync.max-events-per-user", "10000", true, v -> ValueChecks.integer(v, 10, 10_000_000)),
    SYNC_RETRANSMIT_AFTER_MS("sync.retransmit-after-ms", "5000", true, v -> ValueChecks.integer(v, 100, 600_000)),
    SYNC_MAX_RETRANSMITS("sync.max-retransmits", "3", true, v -> ValueChecks.integer(v, 0, 100)),
    GROUPS_MAX_MEMBERS("groups.max-members", "10000", true, v -> ValueChecks.integer(v, 2, 1_000_000)),
    GROUPS_READ_RECEIPTS_MAX_MEMBERS("groups.read-receipts-max-members", "500", true,
            v -> ValueChecks.integer(v, 2, 100_000)),
    COUNTERS_FLUSH_MS("counters.flush-ms", "200", true, v -> ValueChecks.integer(v, 1, 60_000)),
    PRESENCE_DEBOUNCE_MS("presence.debounce-ms", "2000", true, v -> ValueChecks.integer(v, 0, 600_000)),
    PUSH_APNS_KEY_FILE("push.apns.key-file", "", true, v -> v.isEmpty() ? null : ValueChecks.path(v)),
    PUSH_APNS_KEY_ID("push.apns.key-id", "", true, v -> v.isEmpty() || v.matches("[A-Za-z0-9]{10}") ? null
            : "must be the 10-character key id of the .p8 key"),
    PUSH_APNS_TEAM_ID("push.apns.team-id", "", true, v -> v.isEmpty() || v.matches("[A-Za-z0-9]{10}") ? null
            : "must be the 10-character Apple team id"),
    PUSH_APNS_SERVER("push.apns.server", "", true, v -> v.isEmpty() || v.matches("[^\\s:]+:[0-9]{1,5}") ? null
            : "must be host:port (empty: Apple's servers)"),
    PUSH_APNS_TRUSTED_CERT("push.apns.trusted-cert", "", true, v -> v.isEmpty() ? null : ValueChecks.path(v)),
    PUSH_PREVIEW("push.preview", "full", true, v -> v.matches("full|sender|none") ? null
            : "must be full, sender or none"),
    PUSH_FLUSH_MS("push.flush-ms", "250", true, v -> ValueChecks.integer(v, 1, 60_000)),
    PUSH_MAX_IN_FLIGHT("push.max-in-flight", "1000", true, v -> ValueChecks.integer(v, 1, 100_000)),
    PUSH_MAX_QUEUED("push.max-queued", "10000", true, v -> ValueChecks.integer(v, 1, 10_000_000)),
    PUSH_MAX_ATTEMPTS("push.max-attempts", "5", true, v -> ValueChecks.integer(v, 1, 20)),
    PUSH_RETRY_BASE_MS("push.retry-base-ms", "1000", true, v -> ValueChecks.integer(v, 10, 600_000)),
    PUSH_MOCK_APNS("push.mock-apns", "false", false, ValueChecks::bool),
    PUSH_MOCK_APNS_PORT("push.mock-apns-port", "2197", false, ValueChecks::port),
    HEALTH_CHECK_INTERVAL_MS("health.check-interval-ms", "5000", true, v -> ValueChecks.integer(v, 100, 600_000));

    /** Checks a (trimmed) value; returns what is wrong with it ("must be ...") or null when it is fine. */
    @FunctionalInterface
    interface Check {
        @Nullable String problem(@NotNull String value);
    }

    private final @NotNull String key;
    private final @NotNull String defaultValue;
    private final boolean passedToExtension;
    private final @NotNull Check check;

    ConfigKey(final @NotNull String key, final @NotNull String defaultValue, final boolean passedToExtension,
              final @NotNull Check check) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.passedToExtension = passedToExtension;
        this.check = check;
    }

    /** The key as written in the properties file, e.g. {@code mqtt.port}. */
    public @NotNull String key() {
        return key;
    }

    public @NotNull String defaultValue() {
        return defaultValue;
    }

    /** True when the value is also written into the extension's {@code conf/missive.properties}. */
    public boolean passedToExtension() {
        return passedToExtension;
    }

    /** The environment variable overriding this key, e.g. {@code MISSIVE_MQTT_PORT}. */
    public @NotNull String envName() {
        return "MISSIVE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Nullable String problem(final @NotNull String value) {
        return check.problem(value);
    }

    /** Values of this key are shown without credentials in messages. */
    boolean secret() {
        return this == MONGO_URI || this == REDIS_URI;
    }

    public static @NotNull Optional<ConfigKey> byKey(final @NotNull String key) {
        for (final ConfigKey candidate : values()) {
            if (candidate.key.equals(key)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
