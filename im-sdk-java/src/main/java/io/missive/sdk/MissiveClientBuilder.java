package io.missive.sdk;

import io.missive.protocol.ConnectProperties;
import io.missive.protocol.Ids;
import io.missive.sdk.internal.ClientConfig;
import io.missive.sdk.internal.Credentials;
import io.missive.sdk.internal.Endpoint;
import io.missive.sdk.internal.PahoMissiveClient;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Configures a {@link MissiveClient}. Obtain one with {@link MissiveClient#builder()}. */
public final class MissiveClientBuilder {

    private final @NotNull List<String> serverUris = new ArrayList<>();
    private @NotNull Duration endpointStagger = Duration.ofMillis(250);
    private @Nullable String userId;
    private @Nullable String deviceId;
    private @Nullable String password;
    private @Nullable String token;
    private boolean register;
    private @NotNull Duration requestTimeout = Duration.ofSeconds(10);
    private @NotNull Duration connectTimeout = Duration.ofSeconds(10);
    private @NotNull Duration keepAlive = Duration.ofSeconds(30);
    private @Nullable SyncStore syncStore;
    private boolean automaticReconnect = true;
    private @NotNull Duration reconnectInitialDelay = Duration.ofMillis(500);
    private @NotNull Duration reconnectMaxDelay = Duration.ofSeconds(30);
    private int maxPendingSends = 10_000;
    private @NotNull TlsTrust tlsTrust = TlsTrust.system();

    MissiveClientBuilder() {
    }

    /**
     * Adds an endpoint of the server; call it once per endpoint, in order of preference (or use
     * {@link #serverUris(List)}). With several endpoints, connecting races them (see {@link #serverUris(List)}).
     *
     * @param serverUri e.g. {@code tcp://host:1883}, {@code ssl://host:8883}, {@code ws://host:8000/mqtt} or
     *                  {@code wss://host:443/mqtt}; over TLS the server is trusted as {@link #tlsTrust} says
     */
    public @NotNull MissiveClientBuilder serverUri(final @NotNull String serverUri) {
        serverUris.add(Objects.requireNonNull(serverUri, "serverUri"));
        return this;
    }

    /**
     * The server's endpoints, in order of preference, replacing those given before; e.g.
     * {@code ssl://chat.example.com:8883} and {@code wss://chat.example.com:443/mqtt} for networks
     * that pass only HTTPS. Connecting dials the first endpoint, and each next one when the previous
     * has not answered within {@link #endpointStagger(Duration)} (or at once when it failed); the
     * first endpoint whose transport (TCP, TLS handshake, WebSocket upgrade) is established wins, the
     * other attempts are closed, and the MQTT connection is made to the winner only. The endpoint that
     * connected is tried first by the next connect and by reconnects of this client.
     */
    public @NotNull MissiveClientBuilder serverUris(final @NotNull List<String> serverUris) {
        Objects.requireNonNull(serverUris, "serverUris");
        this.serverUris.clear();
        serverUris.forEach(this::serverUri);
        return this;
    }

    /**
     * How long connecting waits for an endpoint to answer before it dials the next one as well
     * (default 250 ms; zero dials all at once).
     */
    public @NotNull MissiveClientBuilder endpointStagger(final @NotNull Duration stagger) {
        if (stagger.isNegative()) {
            throw new IllegalArgumentException("endpointStagger must not be negative");
        }
        this.endpointStagger = stagger;
        return this;
    }

    public @NotNull MissiveClientBuilder userId(final @NotNull String userId) {
        this.userId = Objects.requireNonNull(userId, "userId");
        return this;
    }

    /** @param deviceId a stable id of this installation; it is the MQTT client id */
    public @NotNull MissiveClientBuilder deviceId(final @NotNull String deviceId) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        return this;
    }

    /**
     * Authenticates with the user's password (first login of a device). The client keeps the
     * password only until the server issues a device token; reconnects use the token.
     */
    public @NotNull MissiveClientBuilder password(final @NotNull String password) {
        this.password = Objects.requireNonNull(password, "password");
        return this;
    }

    /** Authenticates with a device token issued at an earlier login (starts with {@code mvt1.}). */
    public @NotNull MissiveClientBuilder token(final @NotNull String token) {
        this.token = Objects.requireNonNull(token, "token");
        return this;
    }

    /** Asks the server to create the user on the first password login, if it allows self-registration. */
    public @NotNull MissiveClientBuilder register(final boolean register) {
        this.register = register;
        return this;
    }

    /** How long one send, history or device request may wait for its answer (default 10 s). */
    public @NotNull MissiveClientBuilder requestTimeout(final @NotNull Duration requestTimeout) {
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        return this;
    }

    /** How long connecting may take, whole seconds (default 10 s). */
    public @NotNull MissiveClientBuilder connectTimeout(final @NotNull Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        return this;
    }

    /** The MQTT keep-alive interval, whole seconds; it is also the presence heartbeat (default 30 s). */
    public @NotNull MissiveClientBuilder keepAlive(final @NotNull Duration keepAlive) {
        this.keepAlive = positive(keepAlive, "keepAlive");
        return this;
    }

    /**
     * Where the device's sync cursor is kept (default {@link SyncStore#inMemory()}). With
     * {@link SyncStore#file(java.nio.file.Path)} a restarted app continues where it stopped.
     */
    public @NotNull MissiveClientBuilder syncStore(final @NotNull SyncStore syncStore) {
        this.syncStore = Objects.requireNonNull(syncStore, "syncStore");
        return this;
    }

    /** Whether a lost connection is re-established automatically (default true). */
    public @NotNull MissiveClientBuilder automaticReconnect(final boolean automaticReconnect) {
        this.automaticReconnect = automaticReconnect;
        return this;
    }

    /**
     * The backoff of automatic reconnects, and of resending a message the server could not take:
     * attempt n waits a random time between half and all of min(max, initial * 2^n)
     * (default 0.5 s doubling up to 30 s).
     */
    public @NotNull MissiveClientBuilder reconnectDelay(final @NotNull Duration initial, final @NotNull Duration max) {
        positive(initial, "initial reconnect delay");
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the maximum reconnect delay must not be below the initial one");
        }
        this.reconnectInitialDelay = initial;
        this.reconnectMaxDelay = max;
        return this;
    }

    /**
     * Which servers to trust over TLS ({@code ssl://}, {@code wss://}); default {@link TlsTrust#system()}.
     * Host names are always verified.
     */
    public @NotNull MissiveClientBuilder tlsTrust(final @NotNull TlsTrust tlsTrust) {
        this.tlsTrust = Objects.requireNonNull(tlsTrust, "tlsTrust");
        return this;
    }

    /**
     * How many sends may wait for the server's acknowledgement, connected or not (default 10,000).
     * A send beyond that fails at once with {@link ErrorCode#QUOTA_EXCEEDED}.
     */
    public @NotNull MissiveClientBuilder maxPendingSends(final int maxPendingSends) {
        if (maxPendingSends < 1) {
            throw new IllegalArgumentException("maxPendingSends must be positive");
        }
        this.maxPendingSends = maxPendingSends;
        return this;
    }

    /**
     * @throws IllegalArgumentException when an id is malformed, a server URI is not valid (scheme, host,
     *                                  port) or given twice, or not exactly one of password and token was set
     */
    public @NotNull MissiveClient build() {
        final List<Endpoint> endpoints = endpoints();
        if (!Ids.isValidUserId(userId)) {
            throw new IllegalArgumentException("not a valid user id: " + userId);
        }
        if (!Ids.isValidDeviceId(deviceId)) {
            throw new IllegalArgumentException("not a valid device id: " + deviceId);
        }
        if ((password == null) == (token == null)) {
            throw new IllegalArgumentException("set exactly one of password and token");
        }
        if (token != null && !token.startsWith(ConnectProperties.TOKEN_PREFIX)) {
            throw new IllegalArgumentException("a device token starts with " + ConnectProperties.TOKEN_PREFIX);
        }
        if (password != null && password.startsWith(ConnectProperties.TOKEN_PREFIX)) {
            throw new IllegalArgumentException("this looks like a device token: pass it to token()");
        }
        final Credentials credentials = password != null
                ? Credentials.ofPassword(password, register)
                : Credentials.ofToken(Objects.requireNonNull(token));
        final ClientConfig config = ClientConfig.builder(endpoints, userId, deviceId, credentials)
                .endpointStagger(endpointStagger)
                .requestTimeout(requestTimeout)
                .tlsTrust(tlsTrust)
                .connectTimeout(connectTimeout)
                .keepAlive(keepAlive)
                .syncStore(syncStore != null ? syncStore : SyncStore.inMemory())
                .reconnect(automaticReconnect, reconnectInitialDelay, reconnectMaxDelay)
                .maxPendingSends(maxPendingSends)
                .build();
        return new PahoMissiveClient(config);
    }

    private @NotNull List<Endpoint> endpoints() {
        if (serverUris.isEmpty()) {
            throw new IllegalArgumentException("serverUri is required");
        }
        return Endpoint.parseAll(serverUris);
    }

    private static @NotNull Duration positive(final @NotNull Duration duration, final @NotNull String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return duration;
    }
}
