package io.missive.server;

import io.missive.config.ConfigProblems;
import io.missive.config.Setting;
import io.missive.config.SettingValues;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The validated configuration of a Missive server: the keys of {@link Setting}, from (lowest to
 * highest precedence) their defaults, a properties file, and {@code MISSIVE_*} environment
 * variables (a set variable wins even when empty). Every bad value is reported at once. Immutable; built with {@link #builder()} (programmatic, no file, no environment) or
 * {@link #load(Path, Map)}.
 */
public final class ServerConfig {

    /** Extra room a packet needs beyond its payload: topic, response topic, correlation data, properties. */
    static final int PACKET_OVERHEAD_BYTES = 1024;

    private final @NotNull Map<Setting, String> values;

    private ServerConfig(final @NotNull Map<Setting, String> values) {
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
     * @throws InvalidConfigurationException listing every problem: an unreadable file, unknown keys in the file,
     *                                       bad values
     */
    public static @NotNull ServerConfig load(final @Nullable Path file, final @NotNull Map<String, String> environment) {
        final Builder builder = builder();
        if (file != null) {
            builder.values.readFile(file, file.toString(), builder.problems);
        }
        builder.values.applyEnvironment(environment);
        return builder.build();
    }

    public @NotNull String get(final @NotNull Setting key) {
        return values.get(key);
    }

    public @NotNull String mqttBindAddress() {
        return get(Setting.MQTT_BIND_ADDRESS);
    }

    /** The MQTT TCP port; 0 means "pick a free port" (see {@link MissiveServer#mqttPort()}). */
    public int mqttPort() {
        return Integer.parseInt(get(Setting.MQTT_PORT));
    }

    public int mqttMaxPacketBytes() {
        return Integer.parseInt(get(Setting.MQTT_MAX_PACKET_BYTES));
    }

    /** The MQTT-over-WebSocket port (path {@code /mqtt}), when that listener is on; 0 means a free port. */
    public @NotNull OptionalInt websocketPort() {
        return optionalPort(Setting.WEBSOCKET_PORT);
    }

    /** The MQTT-over-TLS port, when that listener is on; 0 means a free port. */
    public @NotNull OptionalInt mqttTlsPort() {
        return optionalPort(Setting.MQTT_TLS_PORT);
    }

    /** The MQTT-over-secure-WebSocket port (path {@code /mqtt}), when that listener is on; 0 means a free port. */
    public @NotNull OptionalInt websocketTlsPort() {
        return optionalPort(Setting.WEBSOCKET_TLS_PORT);
    }

    /** The PEM files of the TLS listeners' certificate (with its chain) and key, when given. */
    public @NotNull Optional<Path> tlsCertFile() {
        return optional(Setting.TLS_CERT_FILE).map(Path::of);
    }

    public @NotNull Optional<Path> tlsKeyFile() {
        return optional(Setting.TLS_KEY_FILE).map(Path::of);
    }

    /** Whether the TLS listeners use a self-signed certificate made in {@code <data.dir>/tls} (development). */
    public boolean tlsSelfSigned() {
        return Boolean.parseBoolean(get(Setting.TLS_SELF_SIGNED));
    }

    /** Whether plain MQTT and WebSocket are kept to the loopback interface (TLS only from the network). */
    public boolean tlsRequired() {
        return Boolean.parseBoolean(get(Setting.TLS_REQUIRED));
    }

    /** Whether a TLS listener is configured. */
    public boolean tls() {
        return mqttTlsPort().isPresent() || websocketTlsPort().isPresent();
    }

    /** Where the plain listeners bind: {@code mqtt.bind-address}, or 127.0.0.1 when {@code tls.required}. */
    public @NotNull String plainBindAddress() {
        return tlsRequired() ? "127.0.0.1" : mqttBindAddress();
    }

    private @NotNull OptionalInt optionalPort(final @NotNull Setting key) {
        return optional(key).map(value -> OptionalInt.of(Integer.parseInt(value))).orElse(OptionalInt.empty());
    }

    /** The key's value, unless it is empty (off). */
    private @NotNull Optional<String> optional(final @NotNull Setting key) {
        final String value = get(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The address the HTTP endpoints ({@code /metrics}, {@code /health}) bind to. */
    public @NotNull String httpBindAddress() {
        return get(Setting.HTTP_BIND_ADDRESS);
    }

    /** The port of the HTTP endpoints, when they are on; 0 means a free port (see {@link MissiveServer#httpPort()}). */
    public @NotNull OptionalInt httpPort() {
        return optionalPort(Setting.HTTP_PORT);
    }

    /** The data directory as configured (may be relative to the working directory). */
    public @NotNull Path dataDir() {
        return Path.of(get(Setting.DATA_DIR));
    }

    /** An external MongoDB; empty means the embedded store in {@code <data.dir>/mongo}. */
    public @NotNull Optional<String> mongoUri() {
        return optional(Setting.MONGO_URI);
    }

    public @NotNull String mongoDatabase() {
        return get(Setting.MONGO_DATABASE);
    }

    /** The loopback port of the embedded store; 0 means a free port. */
    public int mongoEmbeddedPort() {
        return Integer.parseInt(get(Setting.MONGO_EMBEDDED_PORT));
    }

    /** Whether the embedded store forces every commit to disk (power-loss safe) or only writes it (crash safe). */
    public boolean mongoEmbeddedFsync() {
        return Boolean.parseBoolean(get(Setting.MONGO_EMBEDDED_FSYNC));
    }

    /** An external Redis ({@code redis://host:port}); empty means the embedded Redis. */
    public @NotNull Optional<String> redisUri() {
        return optional(Setting.REDIS_URI);
    }

    /** The loopback port of the embedded Redis; 0 means a free port. */
    public int redisEmbeddedPort() {
        return Integer.parseInt(get(Setting.REDIS_EMBEDDED_PORT));
    }

    public int maxPayloadBytes() {
        return Integer.parseInt(get(Setting.LIMITS_MAX_PAYLOAD_BYTES));
    }

    public boolean selfRegistration() {
        return Boolean.parseBoolean(get(Setting.AUTH_SELF_REGISTRATION));
    }

    public int maxFailedAttempts() {
        return Integer.parseInt(get(Setting.AUTH_MAX_FAILED_ATTEMPTS));
    }

    public int lockoutMaxSeconds() {
        return Integer.parseInt(get(Setting.AUTH_LOCKOUT_MAX_SECONDS));
    }

    /** {@code push.mock-apns}: start Pushy's mock APNs server and send the notifications there (development). */
    public boolean mockApns() {
        return Boolean.parseBoolean(get(Setting.PUSH_MOCK_APNS));
    }

    public int mockApnsPort() {
        return Integer.parseInt(get(Setting.PUSH_MOCK_APNS_PORT));
    }

    public int historyMaxLimit() {
        return Integer.parseInt(get(Setting.HISTORY_MAX_LIMIT));
    }

    /** Every key with its effective value, in {@link Setting} order. */
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
            if (key.readByExtension()) {
                map.put(key.key(), value);
            }
        });
        return map;
    }

    /** A builder starting from this configuration. */
    public @NotNull Builder toBuilder() {
        final Builder builder = new Builder();
        values.forEach(builder::set);
        return builder;
    }

    @Override
    public @NotNull String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey().key() + "=" + e.getKey().shown(e.getValue()))
                .collect(Collectors.joining(", ", "ServerConfig[", "]"));
    }

    private static @NotNull String knownKeys() {
        return Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.joining(", "));
    }

    /** Collects values; {@link #build()} validates them all. */
    public static final class Builder {

        private final @NotNull SettingValues values = SettingValues.allKeys();
        /** Problems found before {@link #build()}: unknown keys, an unreadable file. */
        private final @NotNull ConfigProblems problems = new ConfigProblems();

        private Builder() {
        }

        /**
         * @throws InvalidConfigurationException when the key is unknown (the value is checked by {@link #build()})
         */
        public @NotNull Builder set(final @NotNull String key, final @NotNull String value) {
            return set(Setting.byKey(key).orElseThrow(() -> {
                final ConfigProblems unknown = new ConfigProblems();
                unknown.add(key, "unknown key '" + key + "' (known keys: " + knownKeys() + ")");
                return new InvalidConfigurationException(unknown);
            }), value);
        }

        public @NotNull Builder set(final @NotNull Setting key, final @NotNull String value) {
            values.set(key, value, null);
            return this;
        }

        /** Sets every entry of the map, as {@link #set(String, String)} does. */
        public @NotNull Builder setAll(final @NotNull Map<String, String> settings) {
            settings.forEach(this::set);
            return this;
        }

        public @NotNull Builder mqttBindAddress(final @NotNull String address) {
            return set(Setting.MQTT_BIND_ADDRESS, address);
        }

        public @NotNull Builder mqttPort(final int port) {
            return set(Setting.MQTT_PORT, Integer.toString(port));
        }

        public @NotNull Builder websocketPort(final int port) {
            return set(Setting.WEBSOCKET_PORT, Integer.toString(port));
        }

        /** The port of the HTTP endpoints; 0 picks a free one. */
        public @NotNull Builder httpPort(final int port) {
            return set(Setting.HTTP_PORT, Integer.toString(port));
        }

        /** No HTTP endpoints. */
        public @NotNull Builder httpOff() {
            return set(Setting.HTTP_PORT, "");
        }

        public @NotNull Builder dataDir(final @NotNull Path dataDir) {
            return set(Setting.DATA_DIR, dataDir.toString());
        }

        public @NotNull Builder mongoUri(final @NotNull String uri) {
            return set(Setting.MONGO_URI, uri);
        }

        public @NotNull Builder mongoDatabase(final @NotNull String database) {
            return set(Setting.MONGO_DATABASE, database);
        }

        public @NotNull Builder mongoEmbeddedPort(final int port) {
            return set(Setting.MONGO_EMBEDDED_PORT, Integer.toString(port));
        }

        public @NotNull Builder redisUri(final @NotNull String uri) {
            return set(Setting.REDIS_URI, uri);
        }

        public @NotNull Builder redisEmbeddedPort(final int port) {
            return set(Setting.REDIS_EMBEDDED_PORT, Integer.toString(port));
        }

        /**
         * @throws InvalidConfigurationException listing every key whose value is not acceptable (and the
         *                                       problems found while reading)
         */
        public @NotNull ServerConfig build() {
            final ConfigProblems found = new ConfigProblems();
            problems.list().forEach(p -> found.add(p.key(), p.message()));
            values.check(found);
            if (found.isEmpty()) {
                new ServerConfig(values.asMap()).checkCombinations(values, found);
            }
            if (!found.isEmpty()) {
                throw new InvalidConfigurationException(found);
            }
            return new ServerConfig(values.asMap());
        }
    }

    /** The rules between keys, once every value is allowed on its own. */
    private void checkCombinations(final @NotNull SettingValues raw, final @NotNull ConfigProblems problems) {
        if (mockApns() && !get(Setting.PUSH_APNS_KEY_FILE).isEmpty()) {
            raw.invalid(Setting.PUSH_MOCK_APNS, "cannot be true while push.apns.key-file is set (the mock "
                    + "server brings its own key)", problems);
        }
        if (websocketPort().isPresent() && websocketPort().getAsInt() != 0
                && websocketPort().getAsInt() == mqttPort()) {
            raw.invalid(Setting.WEBSOCKET_PORT, "must differ from mqtt.port", problems);
        }
        checkTls(raw, problems);
        if (redisUri().isEmpty() && redisEmbeddedPort() != 0) {
            final int redisPort = redisEmbeddedPort();
            if (mongoUri().isEmpty() && redisPort == mongoEmbeddedPort()) {
                raw.invalid(Setting.REDIS_EMBEDDED_PORT, "must differ from mongo.embedded-port", problems);
            }
            if (redisPort == mqttPort() || websocketPort().equals(OptionalInt.of(redisPort))) {
                raw.invalid(Setting.REDIS_EMBEDDED_PORT, "must differ from mqtt.port and websocket.port", problems);
            }
        }
        final int httpPort = httpPort().orElse(0);
        if (httpPort != 0 && (httpPort == mqttPort()
                || websocketPort().equals(OptionalInt.of(httpPort))
                || (mongoUri().isEmpty() && httpPort == mongoEmbeddedPort())
                || (redisUri().isEmpty() && httpPort == redisEmbeddedPort()))) {
            raw.invalid(Setting.HTTP_PORT, "must differ from mqtt.port, websocket.port and the embedded "
                    + "stores' ports", problems);
        }
        final long smallestPacket = (long) maxPayloadBytes() + PACKET_OVERHEAD_BYTES;
        if (mqttMaxPacketBytes() < smallestPacket) {
            raw.invalid(Setting.MQTT_MAX_PACKET_BYTES, "must be at least limits.max-payload-bytes + "
                    + PACKET_OVERHEAD_BYTES + " (" + smallestPacket + ")", problems);
        }
    }

    /** TLS listeners need a certificate (files or self-signed, not both), and tls.required needs a TLS listener. */
    private void checkTls(final @NotNull SettingValues raw, final @NotNull ConfigProblems problems) {
        final boolean files = tlsCertFile().isPresent() || tlsKeyFile().isPresent();
        if (tlsCertFile().isPresent() != tlsKeyFile().isPresent()) {
            raw.invalid(tlsCertFile().isPresent() ? Setting.TLS_KEY_FILE : Setting.TLS_CERT_FILE,
                    "must be set together with " + (tlsCertFile().isPresent() ? "tls.cert-file" : "tls.key-file"),
                    problems);
        }
        if (files && tlsSelfSigned()) {
            raw.invalid(Setting.TLS_SELF_SIGNED, "cannot be true while tls.cert-file is set", problems);
        }
        if (tls() && !files && !tlsSelfSigned()) {
            raw.invalid(mqttTlsPort().isPresent() ? Setting.MQTT_TLS_PORT : Setting.WEBSOCKET_TLS_PORT,
                    "needs a certificate: tls.cert-file and tls.key-file, or tls.self-signed=true", problems);
        }
        if (tlsRequired() && !tls()) {
            raw.invalid(Setting.TLS_REQUIRED, "needs mqtt.tls-port or websocket.tls-port", problems);
        }
        final List<OptionalInt> listeners = List.of(OptionalInt.of(mqttPort()), websocketPort(), mqttTlsPort(),
                websocketTlsPort());
        for (final Setting key : List.of(Setting.MQTT_TLS_PORT, Setting.WEBSOCKET_TLS_PORT)) {
            final OptionalInt port = optionalPort(key);
            if (port.isPresent() && port.getAsInt() != 0
                    && listeners.stream().filter(p -> p.equals(port)).count() > 1) {
                raw.invalid(key, "must differ from the other listeners' ports", problems);
            }
        }
    }
}
