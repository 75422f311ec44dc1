package io.missive.broker.config;

import com.mongodb.ConnectionString;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import com.eatthepath.pushy.apns.auth.ApnsSigningKey;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
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
        final Source source = new Source(file, environment);
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
                source.integer("presence.debounce-ms", 2_000, 0, 600_000),
                source.integer("health.check-interval-ms", 5_000, 100, 600_000));
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
                .with(extras)
                .with(push(source));
    }

    private static @NotNull PushSettings push(final @NotNull Source source) throws InvalidConfigException {
        final String keyFile = source.get("push.apns.key-file", "");
        final String keyId = source.get("push.apns.key-id", "");
        final String teamId = source.get("push.apns.team-id", "");
        final String server = source.get("push.apns.server", "");
        final String trusted = source.get("push.apns.trusted-cert", "");
        final String preview = source.get("push.preview", "full");
        final PushSettings.Preview mode;
        try {
            mode = PushSettings.Preview.valueOf(preview.toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            throw new InvalidConfigException("push.preview must be full, sender or none, got '" + preview + "'");
        }
        final int flushMs = source.integer("push.flush-ms", 250, 1, 60_000);
        final int maxInFlight = source.integer("push.max-in-flight", 1_000, 1, 100_000);
        final int maxQueued = source.integer("push.max-queued", 10_000, 1, 10_000_000);
        final int maxAttempts = source.integer("push.max-attempts", 5, 1, 20);
        final int retryBaseMs = source.integer("push.retry-base-ms", 1_000, 10, 600_000);
        if (keyFile.isEmpty()) {
            if (!keyId.isEmpty() || !teamId.isEmpty() || !server.isEmpty() || !trusted.isEmpty()) {
                throw new InvalidConfigException("push.apns.key-file is required when other push.apns.* keys are set");
            }
            return PushSettings.OFF;
        }
        if (!keyId.matches("[A-Za-z0-9]{10}")) {
            throw new InvalidConfigException("push.apns.key-id must be the 10-character key id of the .p8 key, got '"
                    + keyId + "'");
        }
        if (!teamId.matches("[A-Za-z0-9]{10}")) {
            throw new InvalidConfigException("push.apns.team-id must be the 10-character Apple team id, got '"
                    + teamId + "'");
        }
        final ApnsSigningKey key;
        try {
            key = ApnsSigningKey.loadFromPkcs8File(new File(keyFile), teamId, keyId);
        } catch (final IOException | GeneralSecurityException | RuntimeException e) {
            throw new InvalidConfigException("push.apns.key-file '" + keyFile
                    + "' is not a readable APNs signing key (.p8, PKCS#8 EC P-256): " + e.getMessage());
        }
        String host = "";
        int port = 0;
        if (!server.isEmpty()) {
            final int colon = server.lastIndexOf(':');
            try {
                host = server.substring(0, Math.max(colon, 0));
                port = Integer.parseInt(server.substring(colon + 1));
            } catch (final NumberFormatException e) {
                port = -1;
            }
            if (host.isEmpty() || port < 1 || port > 65_535) {
                throw new InvalidConfigException("push.apns.server must be host:port, got '" + server + "'");
            }
        }
        final List<X509Certificate> certificates = new ArrayList<>();
        if (!trusted.isEmpty()) {
            try (InputStream in = Files.newInputStream(Path.of(trusted))) {
                CertificateFactory.getInstance("X.509").generateCertificates(in)
                        .forEach(c -> certificates.add((X509Certificate) c));
            } catch (final IOException | GeneralSecurityException | RuntimeException e) {
                throw new InvalidConfigException("push.apns.trusted-cert '" + trusted
                        + "' is not a readable PEM certificate file: " + e.getMessage());
            }
            if (certificates.isEmpty()) {
                throw new InvalidConfigException("push.apns.trusted-cert '" + trusted + "' holds no certificate");
            }
        }
        return new PushSettings(key, host, port, certificates, mode, flushMs, maxInFlight, maxQueued, maxAttempts,
                retryBaseMs);
    }

    /** Environment variable that overrides a key. */
    public static @NotNull String envName(final @NotNull String key) {
        return "MISSIVE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static final class Source {
        private final @NotNull Properties file;
        private final @NotNull Map<String, String> environment;

        private Source(final @NotNull Properties file, final @NotNull Map<String, String> environment) {
            this.file = file;
            this.environment = environment;
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
