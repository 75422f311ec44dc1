package io.missive.sdk.internal;

import io.missive.sdk.SyncStore;
import io.missive.sdk.TlsTrust;
import org.jetbrains.annotations.NotNull;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The validated settings of one client, as collected by the public builder. */
public final class ClientConfig {

    /** How long a gap in live versions may stay open before the client asks the server to fill it. */
    static final @NotNull Duration GAP_REPAIR_DELAY = Duration.ofSeconds(1);

    private final @NotNull List<Endpoint> endpoints;
    private final @NotNull String userId;
    private final @NotNull String deviceId;
    private final @NotNull Credentials credentials;
    private final @NotNull Duration requestTimeout;
    private final @NotNull Duration connectTimeout;
    private final @NotNull Duration keepAlive;
    private final @NotNull SyncStore syncStore;
    private final boolean automaticReconnect;
    private final @NotNull Duration reconnectInitialDelay;
    private final @NotNull Duration reconnectMaxDelay;
    private final int maxPendingSends;
    private final @NotNull TlsTrust tlsTrust;
    private final @NotNull Duration endpointStagger;

    private ClientConfig(final @NotNull Builder b) {
        this.endpoints = b.endpoints;
        this.endpointStagger = b.endpointStagger;
        this.userId = b.userId;
        this.deviceId = b.deviceId;
        this.credentials = b.credentials;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
        this.keepAlive = b.keepAlive;
        this.syncStore = b.syncStore;
        this.automaticReconnect = b.automaticReconnect;
        this.reconnectInitialDelay = b.reconnectInitialDelay;
        this.reconnectMaxDelay = b.reconnectMaxDelay;
        this.maxPendingSends = b.maxPendingSends;
        this.tlsTrust = b.tlsTrust;
    }

    /** @param endpoints the server's endpoints in order of preference; not empty, without repeats */
    public static @NotNull Builder builder(final @NotNull List<Endpoint> endpoints, final @NotNull String userId,
                                           final @NotNull String deviceId, final @NotNull Credentials credentials) {
        return new Builder(endpoints, userId, deviceId, credentials);
    }

    /** The server's endpoints in the configured order. */
    public @NotNull List<Endpoint> endpoints() {
        return endpoints;
    }

    /** How long connecting waits for an endpoint before it dials the next one as well. */
    @NotNull Duration endpointStagger() {
        return endpointStagger;
    }

    public @NotNull String userId() {
        return userId;
    }

    public @NotNull String deviceId() {
        return deviceId;
    }

    @NotNull Credentials credentials() {
        return credentials;
    }

    public @NotNull Duration requestTimeout() {
        return requestTimeout;
    }

    public @NotNull Duration connectTimeout() {
        return connectTimeout;
    }

    public @NotNull Duration keepAlive() {
        return keepAlive;
    }

    @NotNull SyncStore syncStore() {
        return syncStore;
    }

    boolean automaticReconnect() {
        return automaticReconnect;
    }

    @NotNull Duration reconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    @NotNull Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    int maxPendingSends() {
        return maxPendingSends;
    }

    /** Which servers to trust over TLS. */
    @NotNull TlsTrust tlsTrust() {
        return tlsTrust;
    }

    /** Collects the settings; the public builder has validated them. */
    public static final class Builder {

        private final @NotNull List<Endpoint> endpoints;
        private final @NotNull String userId;
        private final @NotNull String deviceId;
        private final @NotNull Credentials credentials;
        private @NotNull Duration requestTimeout = Duration.ofSeconds(10);
        private @NotNull Duration connectTimeout = Duration.ofSeconds(10);
        private @NotNull Duration keepAlive = Duration.ofSeconds(30);
        private @NotNull SyncStore syncStore = SyncStore.inMemory();
        private boolean automaticReconnect = true;
        private @NotNull Duration reconnectInitialDelay = Duration.ofMillis(500);
        private @NotNull Duration reconnectMaxDelay = Duration.ofSeconds(30);
        private int maxPendingSends = 10_000;
        private @NotNull TlsTrust tlsTrust = TlsTrust.system();
        private @NotNull Duration endpointStagger = Duration.ofMillis(250);

        private Builder(final @NotNull List<Endpoint> endpoints, final @NotNull String userId,
                        final @NotNull String deviceId, final @NotNull Credentials credentials) {
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("no server URI");
            }
            this.endpoints = List.copyOf(endpoints);
            this.userId = Objects.requireNonNull(userId, "userId");
            this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        public @NotNull Builder requestTimeout(final @NotNull Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public @NotNull Builder connectTimeout(final @NotNull Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public @NotNull Builder keepAlive(final @NotNull Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        public @NotNull Builder syncStore(final @NotNull SyncStore syncStore) {
            this.syncStore = syncStore;
            return this;
        }

        public @NotNull Builder reconnect(final boolean automatic, final @NotNull Duration initialDelay,
                                          final @NotNull Duration maxDelay) {
            this.automaticReconnect = automatic;
            this.reconnectInitialDelay = initialDelay;
            this.reconnectMaxDelay = maxDelay;
            return this;
        }

        public @NotNull Builder tlsTrust(final @NotNull TlsTrust tlsTrust) {
            this.tlsTrust = Objects.requireNonNull(tlsTrust, "tlsTrust");
            return this;
        }

        public @NotNull Builder endpointStagger(final @NotNull Duration endpointStagger) {
            this.endpointStagger = Objects.requireNonNull(endpointStagger, "endpointStagger");
            return this;
        }

        public @NotNull Builder maxPendingSends(final int maxPendingSends) {
            this.maxPendingSends = maxPendingSends;
            return this;
        }

        public @NotNull ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
