package io.missive.sdk.internal;

import io.missive.protocol.ConnectProperties;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One MQTT CONNECT with the device's credentials to one endpoint, answered by its CONNACK. The copy
 * of the password or token handed to the MQTT library is wiped once the CONNECT went out.
 */
final class MqttConnect {

    /** A successful CONNACK and the endpoint that sent it. */
    static final class Connack {

        private final @NotNull Endpoint endpoint;
        private final @Nullable MqttProperties properties;

        Connack(final @NotNull Endpoint endpoint, final @Nullable MqttProperties properties) {
            this.endpoint = endpoint;
            this.properties = properties;
        }

        @NotNull Endpoint endpoint() {
            return endpoint;
        }

        @Nullable MqttProperties properties() {
            return properties;
        }
    }

    private final @NotNull ClientConfig config;
    private final @NotNull Credentials credentials;
    private final @NotNull MqttAsyncClient mqtt;
    private final @NotNull Executor callbacks;

    /** @param callbacks where the outcome is reported, never the MQTT library's thread */
    MqttConnect(final @NotNull ClientConfig config, final @NotNull MqttAsyncClient mqtt, final @NotNull Executor callbacks) {
        this.config = config;
        this.credentials = config.credentials();
        this.mqtt = mqtt;
        this.callbacks = callbacks;
    }

    /**
     * @return completed on the callback thread with the CONNACK, or failed with a
     *         {@link io.missive.sdk.MissiveConnectException} (a refusal carries its reason code)
     */
    @NotNull CompletableFuture<Connack> to(final @NotNull Endpoint endpoint) {
        final CompletableFuture<Connack> connack = new CompletableFuture<>();
        final MqttConnectionOptions options = options(endpoint);
        try {
            mqtt.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(final IMqttToken token) {
                    wipeSecret(options);
                    connack.complete(new Connack(endpoint, token.getResponseProperties()));
                }

                @Override
                public void onFailure(final IMqttToken token, final Throwable exception) {
                    wipeSecret(options);
                    connack.completeExceptionally(ReasonCodes.connectFailure(exception));
                }
            });
        } catch (final MqttException | RuntimeException e) {
            wipeSecret(options);
            connack.completeExceptionally(ReasonCodes.connectFailure(e));
        }
        final CompletableFuture<Connack> onCallbacks = new CompletableFuture<>();
        connack.whenCompleteAsync((answer, failure) -> {
            if (failure != null) {
                onCallbacks.completeExceptionally(Futures.unwrap(failure));
            } else {
                onCallbacks.complete(answer);
            }
        }, callbacks);
        return onCallbacks;
    }

    private @NotNull MqttConnectionOptions options(final @NotNull Endpoint endpoint) {
        final MqttConnectionOptions options = new MqttConnectionOptions();
        options.setServerURIs(new String[] {endpoint.uri()});
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) Math.max(1, config.connectTimeout().getSeconds()));
        options.setKeepAliveInterval((int) Math.max(1, config.keepAlive().getSeconds()));
        options.setUserName(config.userId());
        options.setPassword(credentials.secret());
        if (endpoint.tls()) {
            options.setSocketFactory(config.tlsTrust().socketFactory());
            options.setHttpsHostnameVerificationEnabled(true);
        }
        if (credentials.registerOnLogin()) {
            options.setUserProperties(Collections.singletonList(new UserProperty(ConnectProperties.REGISTER, "true")));
        }
        return options;
    }

    /** The CONNECT went out: the copy of the password or token handed to the MQTT library is not needed any more. */
    private static void wipeSecret(final @NotNull MqttConnectionOptions options) {
        final byte[] secret = options.getPassword();
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
