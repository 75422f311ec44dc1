package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Duration;

/** The validated settings of one client, as collected by the public builder. */
public final class ClientConfig {

    private final @NotNull String serverUri;
    private final @NotNull String userId;
    private final @NotNull String deviceId;
    private final @Nullable String password;
    private final @Nullable String token;
    private final boolean register;
    private final @NotNull Duration requestTimeout;
    private final @NotNull Duration connectTimeout;
    private final @NotNull Duration keepAlive;

    public ClientConfig(
            final @NotNull String serverUri,
            final @NotNull String userId,
            final @NotNull String deviceId,
            final @Nullable String password,
            final @Nullable String token,
            final boolean register,
            final @NotNull Duration requestTimeout,
            final @NotNull Duration connectTimeout,
            final @NotNull Duration keepAlive) {
        this.serverUri = serverUri;
        this.userId = userId;
        this.deviceId = deviceId;
        this.password = password;
        this.token = token;
        this.register = register;
        this.requestTimeout = requestTimeout;
        this.connectTimeout = connectTimeout;
        this.keepAlive = keepAlive;
    }

    public @NotNull String serverUri() {
        return serverUri;
    }

    public @NotNull String userId() {
        return userId;
    }

    public @NotNull String deviceId() {
        return deviceId;
    }

    public @Nullable String password() {
        return password;
    }

    public @Nullable String token() {
        return token;
    }

    public boolean register() {
        return register;
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
}
