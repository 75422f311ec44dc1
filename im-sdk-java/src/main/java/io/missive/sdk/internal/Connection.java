package io.missive.sdk.internal;

import io.missive.protocol.ConnectProperties;
import io.missive.sdk.ConnectResult;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveConnectException;
import io.missive.sdk.MissiveException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connection's life cycle: CONNECT with the device's credentials, read the device token from
 * the CONNACK, subscribe to the user's sync stream and the device's replies, and report connecting
 * and disconnecting to {@link ConnectionEvents} (on the callback thread). State changes happen on
 * the callback thread or by compare-and-set.
 */
final class Connection {

    private static final @NotNull Logger LOG = Logger.getLogger(Connection.class.getName());
    private static final long DISCONNECT_QUIESCE_MS = 500;
    private static final int MAX_RECEIVE_MAXIMUM = 65_535;

    private enum State { DISCONNECTED, CONNECTING, CONNECTED, DISCONNECTING, CLOSED }

    private final @NotNull ClientConfig config;
    private final @NotNull Credentials credentials;
    private final @NotNull MqttAsyncClient mqtt;
    private final @NotNull ScheduledExecutorService callbacks;
    private final @NotNull RequestChannel requests;
    private final @NotNull EndpointConnector endpoints;
    private final @NotNull MqttConnect mqttConnect;
    private final @NotNull ConnectionEvents events;
    private final @NotNull MqttSubscription[] subscriptions;
    private final @NotNull AtomicReference<State> state = new AtomicReference<>(State.DISCONNECTED);
    /** Guards the start of connect and disconnect; other transitions are single compare-and-sets. */
    private final @NotNull Object transitions = new Object();
    private volatile @NotNull CompletableFuture<ConnectResult> connecting = new CompletableFuture<>();
    private volatile @NotNull CompletableFuture<Void> disconnecting = CompletableFuture.completedFuture(null);
    private volatile boolean automaticAttempt;
    /** The endpoint of the current (or the last) MQTT connection. */
    private volatile @Nullable Endpoint inUse;

    Connection(
            final @NotNull ClientConfig config,
            final @NotNull MqttAsyncClient mqtt,
            final @NotNull ScheduledExecutorService callbacks,
            final @NotNull RequestChannel requests,
            final @NotNull EndpointConnector endpoints,
            final @NotNull ConnectionEvents events,
            final @NotNull String streamTopic,
            final @NotNull String replyTopic) {
        this.config = config;
        this.credentials = config.credentials();
        this.mqtt = mqtt;
        this.callbacks = callbacks;
        this.requests = requests;
        this.endpoints = endpoints;
        this.mqttConnect = new MqttConnect(config, mqtt, this::onCallbackThread);
        this.events = events;
        this.subscriptions = new MqttSubscription[] {
                new MqttSubscription(streamTopic, 1), new MqttSubscription(replyTopic, 1)};
    }

    boolean isConnected() {
        return state.get() == State.CONNECTED;
    }

    /** @return the newest token issued to this client, else the configured one */
    @NotNull Optional<String> deviceToken() {
        return credentials.token();
    }

    /**
     * @param automatic true for an automatic reconnect
     * @return completed when connected and subscribed; while an attempt is under way, its outcome
     */
    @NotNull CompletableFuture<ConnectResult> connect(final boolean automatic) {
        final CompletableFuture<ConnectResult> result = new CompletableFuture<>();
        synchronized (transitions) {
            final State current = state.get();
            if (current == State.CONNECTING) {
                return Futures.copy(connecting);
            }
            if (current != State.DISCONNECTED) {
                return failed(current == State.CLOSED
                        ? new MissiveException(ErrorCode.NOT_CONNECTED, "client is closed")
                        : new IllegalStateException("cannot connect while " + current.name().toLowerCase()));
            }
            state.set(State.CONNECTING);
            connecting = result;
            automaticAttempt = automatic;
        }
        endpoints.connect(mqttConnect::to, automatic).whenComplete((connack, failure) -> onCallbackThread(() -> {
            if (failure != null) {
                abandon(result, asConnectFailure(Futures.unwrap(failure)), false);
            } else {
                inUse = connack.endpoint();
                subscribe(connack.properties(), result);
            }
        }));
        return result;
    }

    /** @return the endpoint of the current connection; empty while not connected */
    @NotNull Optional<String> serverUri() {
        final Endpoint endpoint = inUse;
        return endpoint != null && isConnected() ? Optional.of(endpoint.uri()) : Optional.empty();
    }

    private static @NotNull MissiveConnectException asConnectFailure(final @NotNull Throwable failure) {
        return failure instanceof MissiveConnectException
                ? (MissiveConnectException) failure : ReasonCodes.connectFailure(failure);
    }

    /** Called on the callback thread when the MQTT connection ends without {@link #disconnect()}. */
    void onConnectionLost(final @NotNull MissiveException cause) {
        if (state.compareAndSet(State.CONNECTED, State.DISCONNECTED)) {
            LOG.info(() -> "connection of " + config.deviceId() + " lost: " + cause.getMessage());
            requests.closed("connection lost");
            events.disconnected(cause);
        }
    }

    @NotNull CompletableFuture<Void> disconnect() {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (transitions) {
            final State current = state.get();
            if (current == State.CONNECTING) {
                // Connecting ends in CONNECTED or DISCONNECTED before its future completes.
                return connecting.handle((r, e) -> null).thenCompose(ignored -> disconnect());
            }
            if (current == State.DISCONNECTING) {
                return disconnecting;
            }
            if (!state.compareAndSet(State.CONNECTED, State.DISCONNECTING)) {
                return CompletableFuture.completedFuture(null);
            }
            disconnecting = done;
        }
        onCallbackThread(() -> {
            requests.closed("disconnected by the application");
            events.disconnected(null);
        });
        final Runnable finish = () -> {
            state.compareAndSet(State.DISCONNECTING, State.DISCONNECTED);
            done.complete(null);
        };
        try {
            mqtt.disconnect(DISCONNECT_QUIESCE_MS, null,
                    listener(token -> finish.run(), failure -> finish.run()),
                    MqttReturnCode.RETURN_CODE_SUCCESS, new MqttProperties());
        } catch (final MqttException | RuntimeException e) {
            LOG.log(Level.FINE, "disconnect failed; the connection is already gone", e);
            finish.run();
        }
        return done;
    }

    /** Releases the MQTT client; call after {@link #disconnect()} completed. */
    void close() {
        state.set(State.CLOSED);
        try {
            mqtt.close(true);
        } catch (final MqttException | RuntimeException e) {
            LOG.log(Level.FINE, "closing the MQTT client failed", e);
        }
    }

    /** Runs on the callback thread after a successful CONNACK. */
    private void subscribe(final @Nullable MqttProperties connack, final @NotNull CompletableFuture<ConnectResult> result) {
        final String token = tokenOf(connack);
        if (token != null) {
            credentials.tokenIssued(token);
        }
        final Integer receiveMaximum = connack == null ? null : connack.getReceiveMaximum();
        // The two-byte value may arrive sign-extended; 0 or absent means the protocol default.
        final int window = receiveMaximum == null ? 0 : receiveMaximum & 0xFFFF;
        requests.opened(window == 0 ? MAX_RECEIVE_MAXIMUM : window);
        final ScheduledFuture<?> timeout = callbacks.schedule(() -> abandon(result,
                new MissiveConnectException(ErrorCode.TIMEOUT, "no SUBACK within " + config.requestTimeout(), -1, null),
                true), config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> timeout.cancel(false));
        try {
            mqtt.subscribe(subscriptions, null, listener(
                    subscribed -> subscribed(subscribed.getReasonCodes(), token, result),
                    failure -> abandon(result, ReasonCodes.connectFailure(failure), true)), new MqttProperties());
        } catch (final MqttException | RuntimeException e) {
            abandon(result, ReasonCodes.connectFailure(e), true);
        }
    }

    private void subscribed(final @Nullable int[] reasonCodes, final @Nullable String token,
                            final @NotNull CompletableFuture<ConnectResult> result) {
        if (reasonCodes != null) {
            for (final int reasonCode : reasonCodes) {
                if (ReasonCodes.isFailure(reasonCode)) {
                    abandon(result, new MissiveConnectException(ErrorCode.NOT_AUTHORIZED,
                            "server refused the subscription to this device's topics with reason code "
                                    + ReasonCodes.hex(reasonCode), reasonCode, null), true);
                    return;
                }
            }
        }
        if (!result.isDone() && state.compareAndSet(State.CONNECTING, State.CONNECTED)) {
            events.connected(automaticAttempt);
            final Endpoint endpoint = inUse;
            result.complete(ConnectResult.of(config.userId(), config.deviceId(), token,
                    endpoint == null ? null : endpoint.uri()));
        }
    }

    private void abandon(final @NotNull CompletableFuture<ConnectResult> result,
                         final @NotNull MissiveConnectException failure, final boolean mqttConnected) {
        if (result.isDone()) {
            return;
        }
        if (mqttConnected) {
            try {
                mqtt.disconnectForcibly(0, DISCONNECT_QUIESCE_MS, false);
            } catch (final MqttException | RuntimeException e) {
                LOG.log(Level.FINE, "dropping a half-open connection failed", e);
            }
            requests.closed("connect failed");
        }
        state.compareAndSet(State.CONNECTING, State.DISCONNECTED);
        result.completeExceptionally(failure);
    }

    private static @Nullable String tokenOf(final @Nullable MqttProperties connack) {
        if (connack == null || connack.getUserProperties() == null) {
            return null;
        }
        for (final UserProperty property : connack.getUserProperties()) {
            if (ConnectProperties.DEVICE_TOKEN.equals(property.getKey()) && !property.getValue().isEmpty()) {
                return property.getValue();
            }
        }
        return null;
    }

    /** An action listener that continues on the callback thread, never on the MQTT library's. */
    private @NotNull MqttActionListener listener(
            final @NotNull Consumer<IMqttToken> success, final @NotNull Consumer<Throwable> failure) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(final IMqttToken token) {
                onCallbackThread(() -> success.accept(token));
            }

            @Override
            public void onFailure(final IMqttToken token, final Throwable exception) {
                onCallbackThread(() -> failure.accept(exception));
            }
        };
    }

    private void onCallbackThread(final @NotNull Runnable task) {
        try {
            callbacks.execute(task);
        } catch (final RuntimeException e) {
            LOG.log(Level.FINE, "client closed; dropping a connection callback", e);
        }
    }

    private static <T> @NotNull CompletableFuture<T> failed(final @NotNull Throwable failure) {
        final CompletableFuture<T> future = new CompletableFuture<>();
        future.completeExceptionally(failure);
        return future;
    }
}
