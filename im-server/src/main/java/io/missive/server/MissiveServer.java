package io.missive.server;

import com.codahale.metrics.MetricRegistry;
import io.missive.config.Checks;
import io.missive.config.EmbeddedExtension;
import io.missive.config.NodeIds;
import io.missive.config.Setting;
import io.missive.server.broker.Broker;
import io.missive.server.broker.ExtensionInstaller;
import io.missive.server.broker.ExtensionState;
import io.missive.server.http.HttpEndpoints;
import io.missive.server.push.DevApnsServer;
import io.missive.server.redis.EmbeddedRedis;
import io.missive.server.store.Durability;
import io.missive.server.store.EmbeddedStore;
import io.missive.server.tls.ServerCertificate;
import io.missive.server.tls.TlsSetup;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A running Missive server: embedded HiveMQ CE with the Missive extension (installed from the zip
 * packed into this jar), on the embedded MongoDB-compatible store unless {@code mongo.uri} is set, and
 * with an embedded Redis (no persistence: empty at every start) unless {@code redis.uri} is set. Both
 * URIs in use are handed to the extension in its configuration file.
 *
 * <pre>{@code
 * try (MissiveServer server = MissiveServer.start(ServerConfig.builder().mqttPort(0).build())) {
 *     connect(server.mqttUri());
 * }
 * }</pre>
 *
 * <p>The server fails closed: {@link #start(ServerConfig)} returns only once the extension reports
 * that it runs; otherwise everything is stopped again and an {@link ExtensionStartException} is thrown
 * (in between, every client was refused). One server per JVM at a time: HiveMQ keeps JVM-wide state
 * and the extension reports through a JVM system property.
 *
 * <p>Unless {@code http.port} is empty, {@code GET /metrics} (Prometheus) and {@code GET /health}
 * are served on {@code http.bind-address}:{@code http.port} ({@link HttpEndpoints}), from the
 * start on: {@code /health} answers 503 until the extension runs and its checks pass.
 *
 * <p>Layout of {@code data.dir}: {@code server.lock}; {@code mongo/} (embedded store); {@code redis/}
 * (embedded Redis: its binary, log and pid file, no data); {@code hivemq/conf}, {@code hivemq/data},
 * {@code hivemq/extensions} (rewritten at every start).
 */
public final class MissiveServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MissiveServer.class);
    private static final @NotNull AtomicBoolean RUNNING_IN_THIS_JVM = new AtomicBoolean();

    private final @NotNull ServerConfig config;
    private final @NotNull Path dataDir;
    private final @NotNull String mongoUri;
    private final @NotNull String redisUri;
    private final @NotNull Broker broker;
    private final @Nullable EmbeddedStore store;
    private final @Nullable EmbeddedRedis redis;
    private final @Nullable DevApnsServer apns;
    private final @Nullable HttpEndpoints http;
    private final @Nullable ServerCertificate certificate;
    private final @NotNull DataDirLock lock;
    private final @NotNull Duration startupTime;
    private final int mqttPort;
    private final @NotNull OptionalInt websocketPort;
    private final @NotNull AtomicBoolean closed = new AtomicBoolean();

    private MissiveServer(final @NotNull ServerConfig config, final @NotNull Path dataDir,
                          final @NotNull String mongoUri, final @NotNull String redisUri,
                          final @NotNull Broker broker, final @Nullable EmbeddedStore store,
                          final @Nullable EmbeddedRedis redis, final @Nullable DevApnsServer apns,
                          final @Nullable HttpEndpoints http, final @Nullable ServerCertificate certificate,
                          final @NotNull DataDirLock lock, final @NotNull Duration startupTime) {
        this.apns = apns;
        this.certificate = certificate;
        this.http = http;
        this.config = config;
        this.dataDir = dataDir;
        this.mongoUri = mongoUri;
        this.redisUri = redisUri;
        this.broker = broker;
        this.store = store;
        this.redis = redis;
        this.lock = lock;
        this.startupTime = startupTime;
        this.mqttPort = broker.mqttPort();
        this.websocketPort = broker.websocketPort();
    }

    /**
     * Starts a server and returns once it admits clients.
     *
     * @throws ExtensionStartException when the Missive extension did not start
     * @throws MissiveStartException   when anything else prevented the start (port in use, store locked, ...)
     * @throws IllegalStateException   when another server runs in this JVM
     */
    public static @NotNull MissiveServer start(final @NotNull ServerConfig config) {
        return start(config, StartOptions.DEFAULTS);
    }

    static @NotNull MissiveServer start(final @NotNull ServerConfig config, final @NotNull StartOptions options) {
        if (!RUNNING_IN_THIS_JVM.compareAndSet(false, true)) {
            throw new IllegalStateException("A Missive server is already running in this JVM; close it first");
        }
        final long begin = System.nanoTime();
        final Path dataDir = config.dataDir().toAbsolutePath().normalize();
        DataDirLock lock = null;
        EmbeddedStore store = null;
        EmbeddedRedis redis = null;
        DevApnsServer apns = null;
        Broker broker = null;
        HttpEndpoints http = null;
        try {
            Files.createDirectories(dataDir);
            lock = DataDirLock.acquire(dataDir);
            final AtomicReference<MetricRegistry> metrics = new AtomicReference<>(new MetricRegistry());
            if (config.httpPort().isPresent()) {
                http = HttpEndpoints.start(config.httpBindAddress(), config.httpPort().getAsInt(), metrics::get);
            }
            if (config.mongoUri().isEmpty()) {
                store = EmbeddedStore.start(dataDir.resolve("mongo"), config.mongoEmbeddedPort(),
                        config.mongoEmbeddedFsync() ? Durability.FSYNC : Durability.COMMIT);
            }
            final String mongoUri = store != null ? store.uri() : config.mongoUri().get();
            if (config.redisUri().isEmpty()) {
                redis = EmbeddedRedis.start(dataDir.resolve("redis"), config.redisEmbeddedPort());
            } else {
                LOG.info("Redis: {} (redis.uri)", Checks.redactCredentials(config.redisUri().get()));
            }
            final String redisUri = redis != null ? redis.uri() : config.redisUri().get();
            final Map<String, String> settings = config.extensionSettings();
            settings.put(Setting.MONGO_URI.key(), mongoUri);
            settings.put(Setting.REDIS_URI.key(), redisUri);
            // the extension's folder is rewritten at every start: a generated node id is kept in the data dir
            settings.put(Setting.CLUSTER_NODE_ID.key(),
                    NodeIds.resolve(settings.getOrDefault(Setting.CLUSTER_NODE_ID.key(), ""), dataDir));
            if (config.mockApns()) {
                apns = DevApnsServer.start(dataDir.resolve("apns-mock"), config.mockApnsPort());
                settings.putAll(apns.extensionSettings());
            }
            settings.putAll(options.extensionSettingOverrides());
            final Path home = dataDir.resolve("hivemq");
            options.onExtensionInstalled().accept(ExtensionInstaller.install(Broker.extensionsDir(home), settings));

            final Optional<TlsSetup> tls = TlsSetup.prepare(config, dataDir, home);

            ExtensionState.clear();
            // the file just written holds the environment's values already
            EmbeddedExtension.useFileOnly();
            broker = Broker.start(home, config.plainBindAddress(), config.mqttPort(), config.websocketPort(),
                    config.mqttMaxPacketBytes(), tls.map(TlsSetup::listeners));
            metrics.set(broker.metrics());
            options.onBrokerListening().accept(broker.mqttPort());
            final Broker started = broker;
            final Optional<String> failure = ExtensionState.awaitStarted(options.extensionStartTimeout(),
                    () -> !started.gatekeeper().sawEnabled(ExtensionInstaller.EXTENSION_ID));
            if (failure.isPresent()) {
                throw new ExtensionStartException(failure.get());
            }
            final MissiveServer server = new MissiveServer(config, dataDir, mongoUri, redisUri, broker, store, redis,
                    apns, http, tls.map(TlsSetup::certificate).orElse(null), lock,
                    Duration.ofNanos(System.nanoTime() - begin));
            LOG.info("Missive started in {} s: {} (data: {})", String.format(Locale.ROOT, "%.1f",
                    server.startupTime.toMillis() / 1000.0), server.endpoints(), config.dataDir());
            return server;
        } catch (final Exception | Error e) {
            try {
                closeAll(http, broker, redis, apns, store, lock);
            } catch (final RuntimeException | Error closing) {
                e.addSuppressed(closing);
            }
            RUNNING_IN_THIS_JVM.set(false);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw asStartFailure(e);
        }
    }

    /** Whether a device (MQTT client id) is connected to this server now. */
    public boolean isConnected(final @NotNull String clientId) {
        return broker.gatekeeper().isConnected(clientId).join();
    }

    /** The bound port of the HTTP endpoints ({@code /metrics}, {@code /health}), unless {@code http.port} is empty. */
    public @NotNull OptionalInt httpPort() {
        return http == null ? OptionalInt.empty() : OptionalInt.of(http.port());
    }

    /** E.g. {@code http://127.0.0.1:8080}: where {@code /metrics} and {@code /health} are, when HTTP is on. */
    public @NotNull Optional<String> httpUri() {
        return http == null ? Optional.empty()
                : Optional.of("http://" + connectHost(config.httpBindAddress()) + ":" + http.port());
    }

    /** The port of the development mock APNs server ({@code push.mock-apns}), when it runs. */
    public @NotNull OptionalInt mockApnsPort() {
        return apns == null ? OptionalInt.empty() : OptionalInt.of(apns.port());
    }

    /** The bound MQTT TCP port (the actual one when {@code mqtt.port} is 0). */
    public int mqttPort() {
        return mqttPort;
    }

    /** Where a local client connects, e.g. {@code tcp://127.0.0.1:1883} (Paho's form). */
    public @NotNull String mqttUri() {
        return "tcp://" + connectHost() + ":" + mqttPort();
    }

    /** The bound MQTT-over-TLS port, when {@code mqtt.tls-port} is set. */
    public @NotNull OptionalInt mqttTlsPort() {
        return broker.mqttTlsPort();
    }

    /** E.g. {@code ssl://127.0.0.1:8883} (Paho's form), when {@code mqtt.tls-port} is set. */
    public @NotNull Optional<String> mqttTlsUri() {
        final OptionalInt port = mqttTlsPort();
        return port.isPresent() ? Optional.of("ssl://" + connectHost() + ":" + port.getAsInt()) : Optional.empty();
    }

    /** The bound secure WebSocket port, when {@code websocket.tls-port} is set. */
    public @NotNull OptionalInt websocketTlsPort() {
        return broker.websocketTlsPort();
    }

    /** E.g. {@code wss://127.0.0.1:8443/mqtt}, when {@code websocket.tls-port} is set. */
    public @NotNull Optional<String> websocketTlsUri() {
        final OptionalInt port = websocketTlsPort();
        return port.isPresent() ? Optional.of("wss://" + connectHost() + ":" + port.getAsInt() + "/mqtt")
                : Optional.empty();
    }

    /** The TLS listeners' certificate, when there are TLS listeners. */
    public @NotNull Optional<ServerCertificate> tlsCertificate() {
        return Optional.ofNullable(certificate);
    }

    /** The bound WebSocket port, when {@code websocket.port} is set. */
    public @NotNull OptionalInt websocketPort() {
        return websocketPort;
    }

    /** E.g. {@code ws://127.0.0.1:8000/mqtt}, when {@code websocket.port} is set. */
    public @NotNull Optional<String> websocketUri() {
        final OptionalInt port = websocketPort();
        return port.isPresent()
                ? Optional.of("ws://" + connectHost() + ":" + port.getAsInt() + "/mqtt")
                : Optional.empty();
    }

    /** The MongoDB the extension uses: {@code mongo.uri}, or {@code mongodb://127.0.0.1:<port>} of the embedded store. */
    public @NotNull String mongoUri() {
        return mongoUri;
    }

    public @NotNull String mongoDatabase() {
        return config.mongoDatabase();
    }

    /** The Redis the extension uses: {@code redis.uri}, or {@code redis://127.0.0.1:<port>} of the embedded one. */
    public @NotNull String redisUri() {
        return redisUri;
    }

    /** True when this server runs the embedded Redis (no {@code redis.uri}). */
    public boolean embeddedRedis() {
        return redis != null;
    }

    /** The absolute data directory. */
    public @NotNull Path dataDir() {
        return dataDir;
    }

    /** The broker's metric registry, the extension's metrics included (prefix {@code io.missive.}). */
    public @NotNull MetricRegistry metrics() {
        return broker.metrics();
    }

    public @NotNull ServerConfig config() {
        return config;
    }

    /** How long {@link #start(ServerConfig)} took. */
    public @NotNull Duration startupTime() {
        return startupTime;
    }

    /**
     * Stops the HTTP endpoints, HiveMQ (and with it the extension), then the embedded Redis and the embedded
     * store. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final long begin = System.nanoTime();
        try {
            closeAll(http, broker, redis, apns, store, lock);
        } finally {
            RUNNING_IN_THIS_JVM.set(false);
        }
        LOG.info("Missive stopped in {} ms", Duration.ofNanos(System.nanoTime() - begin).toMillis());
    }

    private @NotNull String endpoints() {
        final String host = hostForUri(config.mqttBindAddress());
        return "mqtt://" + host + ":" + mqttPort()
                + websocketPort().stream().mapToObj(p -> ", ws://" + host + ":" + p + "/mqtt").findFirst().orElse("")
                + mqttTlsPort().stream().mapToObj(p -> ", mqtts://" + host + ":" + p).findFirst().orElse("")
                + websocketTlsPort().stream().mapToObj(p -> ", wss://" + host + ":" + p + "/mqtt").findFirst().orElse("")
                + httpPort().stream().mapToObj(p -> ", http://" + hostForUri(config.httpBindAddress()) + ":" + p
                        + "/metrics and /health").findFirst().orElse("");
    }

    private @NotNull String connectHost() {
        return connectHost(config.mqttBindAddress());
    }

    private static @NotNull String connectHost(final @NotNull String address) {
        return address.equals("0.0.0.0") || address.equals("::") ? "127.0.0.1" : hostForUri(address);
    }

    private static @NotNull String hostForUri(final @NotNull String address) {
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    /**
     * Closes each part that was started, in order; a part that fails to close does not keep the next ones
     * open: the first failure is thrown once all were tried.
     */
    private static void closeAll(final @Nullable HttpEndpoints http, final @Nullable Broker broker,
                                 final @Nullable EmbeddedRedis redis, final @Nullable DevApnsServer apns,
                                 final @Nullable EmbeddedStore store, final @Nullable DataDirLock lock) {
        final Map<String, AutoCloseable> parts = new LinkedHashMap<>();
        putIfPresent(parts, "the HTTP endpoints", http);
        putIfPresent(parts, "the broker", broker);
        parts.put("the extension state", ExtensionState::clear);
        putIfPresent(parts, "the development APNs server", apns);
        putIfPresent(parts, "the embedded Redis", redis);
        putIfPresent(parts, "the embedded store", store);
        putIfPresent(parts, "the data directory lock", lock);
        Throwable first = null;
        for (final Map.Entry<String, AutoCloseable> part : parts.entrySet()) {
            try {
                part.getValue().close();
            } catch (final Throwable e) {
                LOG.error("Could not close {}: {}", part.getKey(), e.toString());
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof Error) {
            throw (Error) first;
        }
        if (first != null) {
            throw first instanceof RuntimeException ? (RuntimeException) first : new IllegalStateException(first);
        }
    }

    private static void putIfPresent(final @NotNull Map<String, AutoCloseable> parts, final @NotNull String name,
                                     final @Nullable AutoCloseable part) {
        if (part != null) {
            parts.put(name, part);
        }
    }

    private static @NotNull RuntimeException asStartFailure(final @NotNull Throwable e) {
        if (e instanceof MissiveStartException || e instanceof InvalidConfigurationException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new MissiveStartException("Missive did not start: " + e.getMessage(), e);
    }

    /**
     * Knobs for tests of start-up itself, not configuration: a shorter wait for the extension,
     * extension settings written as given (to test the extension's own validation), and hooks
     * after the extension is installed and once the broker listens (before its state is checked).
     */
    record StartOptions(@NotNull Duration extensionStartTimeout,
                        @NotNull Map<String, String> extensionSettingOverrides,
                        @NotNull Consumer<Path> onExtensionInstalled,
                        @NotNull IntConsumer onBrokerListening) {

        static final @NotNull StartOptions DEFAULTS = new StartOptions(Duration.ofSeconds(30), Map.of(),
                home -> {
                }, port -> {
                });

        @NotNull StartOptions withExtensionStartTimeout(final @NotNull Duration timeout) {
            return new StartOptions(timeout, extensionSettingOverrides, onExtensionInstalled, onBrokerListening);
        }

        @NotNull StartOptions withExtensionSettingOverrides(final @NotNull Map<String, String> overrides) {
            return new StartOptions(extensionStartTimeout, overrides, onExtensionInstalled, onBrokerListening);
        }

        @NotNull StartOptions withOnExtensionInstalled(final @NotNull Consumer<Path> hook) {
            return new StartOptions(extensionStartTimeout, extensionSettingOverrides, hook, onBrokerListening);
        }

        @NotNull StartOptions withOnBrokerListening(final @NotNull IntConsumer hook) {
            return new StartOptions(extensionStartTimeout, extensionSettingOverrides, onExtensionInstalled, hook);
        }
    }
}
