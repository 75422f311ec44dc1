package io.missive.server.broker;

import com.codahale.metrics.MetricRegistry;
import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Embedded HiveMQ CE, with its configuration, data and extensions folders under one directory
 * ({@code conf/}, {@code data/}, {@code extensions/}) and the {@link Gatekeeper} registered.
 *
 * <p>HiveMQ's logging bootstrap is turned off: it would reconfigure logback for the whole JVM at
 * every start. Logging belongs to the process embedding the broker.
 */
public final class Broker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_SECONDS = 30;
    /**
     * How long HiveMQ's persistence still takes work at stop before it closes (HiveMQ's default: 2 s of
     * waiting at every stop). The broker keeps its state in memory ({@link BrokerConfigFile}), so nothing
     * outlives the stop that a longer wait could save; the extension has stopped by then.
     */
    private static final int PERSISTENCE_SHUTDOWN_GRACE_MS = 100;

    private final @NotNull EmbeddedHiveMQ hivemq;
    private final @NotNull Gatekeeper gatekeeper;

    private Broker(final @NotNull EmbeddedHiveMQ hivemq, final @NotNull Gatekeeper gatekeeper) {
        this.hivemq = hivemq;
        this.gatekeeper = gatekeeper;
    }

    /** HiveMQ's extensions folder below {@code home}. */
    public static @NotNull Path extensionsDir(final @NotNull Path home) {
        return home.resolve("extensions");
    }

    /**
     * Writes the configuration and starts HiveMQ; returns once its listeners are bound (extensions
     * have been started, or have failed to, by then).
     *
     * @throws BrokerStartException when a port is taken or HiveMQ does not start
     */
    public static @NotNull Broker start(final @NotNull Path home, final @NotNull String bindAddress, final int mqttPort,
                                        final @NotNull OptionalInt websocketPort, final int maxPacketBytes,
                                        final @NotNull Optional<TlsListeners> tls) {
        ensureFree("mqtt.port", bindAddress, mqttPort);
        if (websocketPort.isPresent()) {
            ensureFree("websocket.port", bindAddress, websocketPort.getAsInt());
        }
        if (tls.isPresent()) {
            tls.get().mqttPort().ifPresent(port -> ensureFree("mqtt.tls-port", tls.get().bindAddress(), port));
            tls.get().websocketPort().ifPresent(port -> ensureFree("websocket.tls-port", tls.get().bindAddress(), port));
        }
        try {
            BrokerConfigFile.write(home.resolve("conf"), bindAddress, mqttPort, websocketPort, maxPacketBytes, tls);
        } catch (final IOException e) {
            throw new BrokerStartException("cannot write the broker configuration in " + home + ": " + e, e);
        }
        final Gatekeeper gatekeeper = new Gatekeeper();
        // read when the broker builds its persistence: one JVM-wide setting, the same for every embedded broker
        InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(PERSISTENCE_SHUTDOWN_GRACE_MS);
        final EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(extensionsDir(home))
                .withEmbeddedExtension(gatekeeper.asEmbeddedExtension())
                .withoutLoggingBootstrap()
                .build();
        final Broker broker = new Broker(hivemq, gatekeeper);
        try {
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            broker.close();
            throw new BrokerStartException("interrupted while HiveMQ was starting", e);
        } catch (final ExecutionException | TimeoutException e) {
            broker.close();
            throw new BrokerStartException("HiveMQ did not start: "
                    + (e instanceof TimeoutException ? "timed out after " + START_TIMEOUT_SECONDS + " s" : e.getCause()), e);
        }
        if (broker.mqttPort() == 0) {
            broker.close();
            throw new BrokerStartException("HiveMQ did not bind the MQTT listener on " + bindAddress, null);
        }
        if (websocketPort.isPresent() && broker.websocketPort().orElse(0) == 0) {
            broker.close();
            throw new BrokerStartException("HiveMQ did not bind the WebSocket listener on " + bindAddress, null);
        }
        if (tls.isPresent() && (tls.get().mqttPort().isPresent() && broker.mqttTlsPort().orElse(0) == 0
                || tls.get().websocketPort().isPresent() && broker.websocketTlsPort().orElse(0) == 0)) {
            broker.close();
            throw new BrokerStartException("HiveMQ did not bind the TLS listeners on " + tls.get().bindAddress()
                    + " (is the key store usable? see the log)", null);
        }
        return broker;
    }

    /** The bound MQTT TCP port. */
    public int mqttPort() {
        return gatekeeper.listenerPort(BrokerConfigFile.MQTT_LISTENER).orElse(0);
    }

    /** The bound WebSocket port, when that listener is configured. */
    public @NotNull OptionalInt websocketPort() {
        return gatekeeper.listenerPort(BrokerConfigFile.WEBSOCKET_LISTENER);
    }

    /** The bound MQTT-over-TLS port, when that listener is configured. */
    public @NotNull OptionalInt mqttTlsPort() {
        return gatekeeper.listenerPort(BrokerConfigFile.MQTT_TLS_LISTENER);
    }

    /** The bound secure WebSocket port, when that listener is configured. */
    public @NotNull OptionalInt websocketTlsPort() {
        return gatekeeper.listenerPort(BrokerConfigFile.WEBSOCKET_TLS_LISTENER);
    }

    /** HiveMQ's metric registry, with the extension's metrics (prefix {@code io.missive.}). */
    public @NotNull MetricRegistry metrics() {
        return hivemq.getMetricRegistry();
    }

    public @NotNull Gatekeeper gatekeeper() {
        return gatekeeper;
    }

    /** Stops HiveMQ (extensions first, which close their own clients) and its internal threads. */
    @Override
    public void close() {
        try {
            hivemq.stop().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final ExecutionException | TimeoutException e) {
            LOG.warn("HiveMQ did not stop cleanly: {}", e.toString());
        }
        try {
            hivemq.close();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final ExecutionException e) {
            LOG.warn("HiveMQ did not close cleanly: {}", e.toString());
        }
    }

    /**
     * HiveMQ only fails its start when NO listener could be bound; fail early and by name instead.
     * (A port taken between this check and HiveMQ's bind is still caught after the start.)
     */
    private static void ensureFree(final @NotNull String key, final @NotNull String bindAddress, final int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
        } catch (final IOException e) {
            throw new BrokerStartException(key + " " + port + " on " + bindAddress + " is not available ("
                    + e.getMessage() + "): another process listens there?", e);
        }
    }

    /** HiveMQ could not be configured or started. */
    public static final class BrokerStartException extends RuntimeException {
        BrokerStartException(final @NotNull String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
