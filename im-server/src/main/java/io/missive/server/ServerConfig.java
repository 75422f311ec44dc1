package io.missive.server;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The validated configuration of a Missive server: the keys of {@link ConfigKey}, from (lowest to
 * highest precedence) their defaults, a properties file, and {@code MISSIVE_*} environment
 * variables. Immutable; built with {@link #builder()} (programmatic, no file, no environment) or
 * {@link #load(Path, Map)}.
 */
public final class ServerConfig {

    /** Extra room a packet needs beyond its payload: topic, response topic, correlation data, properties. */
    static final int PACKET_OVERHEAD_BYTES = 1024;

    private final @NotNull Map<ConfigKey, String> values;

    private ServerConfig(final @NotNull Map<ConfigKey, String> values) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /** A builder starting from the defaults; nothing is read from files or the environment. */
    public static @NotNull Builder builder() {
        return new Builder();
    }

    /** Every key at its default. */
    public static @NotNull ServerConfig defaults() {
        return builder().build();
    }

    /**
     * Defaults, overridden by the file (when given), overridden by the environment.
     *
     * @param file        a properties file (UTF-8); it must exist when given
     * @param environment usually {@link System#getenv()}; variables that name no key are ignored
     * @throws InvalidConfigurationException for an unreadable file, an unknown key in the file, or a bad value
     */
    public static @NotNull ServerConfig load(final @Nullable Path file, final @NotNull Map<String, String> environment) {
        final Builder builder = builder();
        if (file != null) {
            final Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (final IOException | IllegalArgumentException e) {
                throw new InvalidConfigurationException(null, "cannot read " + file + ": " + describe(e));
            }
            for (final String name : properties.stringPropertyNames()) {
                final ConfigKey key = ConfigKey.byKey(name.trim()).orElseThrow(() -> new InvalidConfigurationException(
                        name, "unknown key '" + name + "' in " + file + " (known keys: " + knownKeys() + ")"));
                builder.set(key, properties.getProperty(name), "in " + file);
            }
        }
        for (final ConfigKey key : ConfigKey.values()) {
            final String value = environment.get(key.envName());
            if (value != null) {
                builder.set(key, value, "from environment variable " + key.envName());
            }
        }
        return builder.build();
    }

    public @NotNull String get(final @NotNull ConfigKey key) {
        return values.get(key);
    }

    public @NotNull String mqttBindAddress() {
        return get(ConfigKey.MQTT_BIND_ADDRESS);
    }

    /** The MQTT TCP port; 0 means "pick a free port" (see {@link MissiveServer#mqttPort()}). */
    public int mqttPort() {
        return Integer.parseInt(get(ConfigKey.MQTT_PORT));
    }

    public int mqttMaxPacketBytes() {
        return Integer.parseInt(get(ConfigKey.MQTT_MAX_PACKET_BYTES));
    }

    /** The MQTT-over-WebSocket port (path {@code /mqtt}), when that listener is on; 0 means a free port. */
    public @NotNull OptionalInt websocketPort() {
        final String value = get(ConfigKey.WEBSOCKET_PORT);
        return value.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
    }

    /** The address the HTTP endpoints ({@code /metrics}, {@code /health}) bind to. */
    public @NotNull String httpBindAddress() {
        return get(ConfigKey.HTTP_BIND_ADDRESS);
    }

    /** The port of the HTTP endpoints, when they are on; 0 means a free port (see {@link MissiveServer#httpPort()}). */
    public @NotNull OptionalInt httpPort() {
        final String value = get(ConfigKey.HTTP_PORT);
        return value.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
    }

    /** The data directory as configured (may be relative to the working directory). */
    public @NotNull Path dataDir() {
        return Path.of(get(ConfigKey.DATA_DIR));
    }

    /** An external MongoDB; empty means the embedded store in {@code <data.dir>/mongo}. */
    public @NotNull Optional<String> mongoUri() {
        final String value = get(ConfigKey.MONGO_URI);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public @NotNull String mongoDatabase() {
        return get(ConfigKey.MONGO_DATABASE);
    }

    /** The loopback port of the embedded store; 0 means a free port. */
    public int mongoEmbeddedPort() {
        return Integer.parseInt(get(ConfigKey.MONGO_EMBEDDED_PORT));
    }

    /** Whether the embedded store forces every commit to disk (power-loss safe) or only writes it (crash safe). */
    public boolean mongoEmbeddedFsync() {
        return Boolean.parseBoolean(get(ConfigKey.MONGO_EMBEDDED_FSYNC));
    }

    /** An external Redis ({@code redis://host:port}); empty means the embedded Redis. */
    public @NotNull Optional<String> redisUri() {
        final String value = get(ConfigKey.REDIS_URI);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The loopback port of the embedded Redis; 0 means a free port. */
    public int redisEmbeddedPort() {
        return Integer.parseInt(get(ConfigKey.REDIS_EMBEDDED_PORT));
    }

    public int maxPayloadBytes() {
        return Integer.parseInt(get(ConfigKey.LIMITS_MAX_PAYLOAD_BYTES));
    }

    public boolean selfRegistration() {
        return Boolean.parseBoolean(get(ConfigKey.AUTH_SELF_REGISTRATION));
    }

    public int maxFailedAttempts() {
        return Integer.parseInt(get(ConfigKey.AUTH_MAX_FAILED_ATTEMPTS));
    }

    public int lockoutMaxSeconds() {
        return Integer.parseInt(get(ConfigKey.AUTH_LOCKOUT_MAX_SECONDS));
    }

    /** {@code push.mock-apns}: start Pushy's mock APNs server and send the notifications there (development). */
    public boolean mockApns() {
        return Boolean.parseBoolean(get(ConfigKey.PUSH_MOCK_APNS));
    }

    public int mockApnsPort() {
        return Integer.parseInt(get(ConfigKey.PUSH_MOCK_APNS_PORT));
    }

    public int historyMaxLimit() {
        return Integer.parseInt(get(ConfigKey.HISTORY_MAX_LIMIT));
    }

    /** Every key with its effective value, in {@link ConfigKey} order. */
    public @NotNull Map<String, String> asMap() {
        final Map<String, String> map = new LinkedHashMap<>();
        values.forEach((key, value) -> map.put(key.key(), value));
        return map;
    }

    /**
     * The keys passed through to the extension, with their values (mongo.uri and redis.uri as configured,
     * maybe empty: the server puts in the embedded ones' URIs).
     */
    public @NotNull Map<String, String> extensionSettings() {
        final Map<String, String> map = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.passedToExtension()) {
                map.put(key.key(), value);
            }
        });
        return map;
    }

    /** A builder starting from this configuration. */
    public @NotNull Builder toBuilder() {
        final Builder builder = new Builder();
        builder.values.putAll(values);
        return builder;
    }

    @Override
    public @NotNull String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey().key() + "=" + (e.getKey().secret()
                        ? ValueChecks.redactCredentials(e.getValue()) : e.getValue()))
                .collect(Collectors.joining(", ", "ServerConfig[", "]"));
    }

    private static @NotNull String knownKeys() {
        return Arrays.stream(ConfigKey.values()).map(ConfigKey::key).collect(Collectors.joining(", "));
    }

    private static @NotNull String describe(final @NotNull Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Collects values; {@link #build()} validates them all. */
    public static final class Builder {

        private final @NotNull Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        private final @NotNull Map<ConfigKey, String> origins = new EnumMap<>(ConfigKey.class);

        private Builder() {
            for (final ConfigKey key : ConfigKey.values()) {
                values.put(key, key.defaultValue());
            }
        }

        /**
         * @throws InvalidConfigurationException when the key is unknown (the value is checked by {@link #build()})
         */
        public @NotNull Builder set(final @NotNull String key, final @NotNull String value) {
            return set(ConfigKey.byKey(key).orElseThrow(() -> new InvalidConfigurationException(key,
                    "unknown key '" + key + "' (known keys: " + knownKeys() + ")")), value);
        }

        public @NotNull Builder set(final @NotNull ConfigKey key, final @NotNull String value) {
            return set(key, value, null);
        }

        /** Sets every entry of the map, as {@link #set(String, String)} does. */
        public @NotNull Builder setAll(final @NotNull Map<String, String> settings) {
            settings.forEach(this::set);
            return this;
        }

        public @NotNull Builder mqttBindAddress(final @NotNull String address) {
            return set(ConfigKey.MQTT_BIND_ADDRESS, address);
        }

        public @NotNull Builder mqttPort(final int port) {
            return set(ConfigKey.MQTT_PORT, Integer.toString(port));
        }

        public @NotNull Builder websocketPort(final int port) {
            return set(ConfigKey.WEBSOCKET_PORT, Integer.toString(port));
        }

        /** The port of the HTTP endpoints; 0 picks a free one. */
        public @NotNull Builder httpPort(final int port) {
            return set(ConfigKey.HTTP_PORT, Integer.toString(port));
        }

        /** No HTTP endpoints. */
        public @NotNull Builder httpOff() {
            return set(ConfigKey.HTTP_PORT, "");
        }

        public @NotNull Builder dataDir(final @NotNull Path dataDir) {
            return set(ConfigKey.DATA_DIR, dataDir.toString());
        }

        public @NotNull Builder mongoUri(final @NotNull String uri) {
            return set(ConfigKey.MONGO_URI, uri);
        }

        public @NotNull Builder mongoDatabase(final @NotNull String database) {
            return set(ConfigKey.MONGO_DATABASE, database);
        }

        public @NotNull Builder mongoEmbeddedPort(final int port) {
            return set(ConfigKey.MONGO_EMBEDDED_PORT, Integer.toString(port));
        }

        public @NotNull Builder redisUri(final @NotNull String uri) {
            return set(ConfigKey.REDIS_URI, uri);
        }

        public @NotNull Builder redisEmbeddedPort(final int port) {
            return set(ConfigKey.REDIS_EMBEDDED_PORT, Integer.toString(port));
        }

        @NotNull Builder set(final @NotNull ConfigKey key, final @NotNull String value, final @Nullable String origin) {
            values.put(key, value.trim());
            if (origin == null) {
                origins.remove(key);
            } else {
                origins.put(key, origin);
            }
            return this;
        }

        /** @throws InvalidConfigurationException naming the first key whose value is not acceptable */
        public @NotNull ServerConfig build() {
            for (final ConfigKey key : ConfigKey.values()) {
                final String value = values.get(key);
                final String problem = key.problem(value);
                if (problem != null) {
                    throw invalid(key, problem, value);
                }
            }
            final ServerConfig config = new ServerConfig(values);
            if (config.mockApns() && !values.get(ConfigKey.PUSH_APNS_KEY_FILE).isEmpty()) {
                throw invalid(ConfigKey.PUSH_MOCK_APNS, "cannot be true while push.apns.key-file is set (the mock "
                        + "server brings its own key)", values.get(ConfigKey.PUSH_MOCK_APNS));
            }
            if (config.websocketPort().isPresent() && config.websocketPort().getAsInt() != 0
                    && config.websocketPort().getAsInt() == config.mqttPort()) {
                throw invalid(ConfigKey.WEBSOCKET_PORT, "must differ from mqtt.port", values.get(ConfigKey.WEBSOCKET_PORT));
            }
            if (config.redisUri().isEmpty() && config.redisEmbeddedPort() != 0) {
                final int redisPort = config.redisEmbeddedPort();
                if (config.mongoUri().isEmpty() && redisPort == config.mongoEmbeddedPort()) {
                    throw invalid(ConfigKey.REDIS_EMBEDDED_PORT, "must differ from mongo.embedded-port",
                            values.get(ConfigKey.REDIS_EMBEDDED_PORT));
                }
                if (redisPort == config.mqttPort() || config.websocketPort().equals(OptionalInt.of(redisPort))) {
                    throw invalid(ConfigKey.REDIS_EMBEDDED_PORT, "must differ from mqtt.port and websocket.port",
                            values.get(ConfigKey.REDIS_EMBEDDED_PORT));
                }
            }
            final int httpPort = config.httpPort().orElse(0);
            if (httpPort != 0 && (httpPort == config.mqttPort()
                    || config.websocketPort().equals(OptionalInt.of(httpPort))
                    || (config.mongoUri().isEmpty() && httpPort == config.mongoEmbeddedPort())
                    || (config.redisUri().isEmpty() && httpPort == config.redisEmbeddedPort()))) {
                throw invalid(ConfigKey.HTTP_PORT, "must differ from mqtt.port, websocket.port and the embedded "
                        + "stores' ports", values.get(ConfigKey.HTTP_PORT));
            }
            final long smallestPacket = (long) config.maxPayloadBytes() + PACKET_OVERHEAD_BYTES;
            if (config.mqttMaxPacketBytes() < smallestPacket) {
                throw invalid(ConfigKey.MQTT_MAX_PACKET_BYTES, "must be at least limits.max-payload-bytes + "
                        + PACKET_OVERHEAD_BYTES + " (" + smallestPacket + ")", values.get(ConfigKey.MQTT_MAX_PACKET_BYTES));
            }
            return config;
        }

        private @NotNull InvalidConfigurationException invalid(final @NotNull ConfigKey key,
                                                               final @NotNull String problem,
                                                               final @NotNull String value) {
            final String shown = key.secret() ? ValueChecks.redactCredentials(value) : value;
            final String origin = origins.get(key);
            return new InvalidConfigurationException(key.key(), key.key() + " " + problem + ", got '" + shown + "'"
                    + (origin == null ? "" : " (" + origin + ")"));
        }
    }
}
