package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Objects;
import java.util.Optional;

/** The outcome of a successful {@link MissiveClient#connect()}. */
public final class ConnectResult {

    private final @NotNull String userId;
    private final @NotNull String deviceId;
    private final @Nullable String deviceToken;
    private final @Nullable String serverUri;

    private ConnectResult(final @NotNull String userId, final @NotNull String deviceId,
                          final @Nullable String deviceToken, final @Nullable String serverUri) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.deviceToken = deviceToken;
        this.serverUri = serverUri;
    }

    /** A result that names no server URI (for stand-ins of the client). */
    public static @NotNull ConnectResult of(
            final @NotNull String userId, final @NotNull String deviceId, final @Nullable String deviceToken) {
        return new ConnectResult(userId, deviceId, deviceToken, null);
    }

    /** @param serverUri the server URI the connection was made to, as configured */
    public static @NotNull ConnectResult of(final @NotNull String userId, final @NotNull String deviceId,
                                            final @Nullable String deviceToken, final @Nullable String serverUri) {
        return new ConnectResult(userId, deviceId, deviceToken, serverUri);
    }

    public @NotNull String userId() {
        return userId;
    }

    public @NotNull String deviceId() {
        return deviceId;
    }

    /**
     * @return the device token the server issued with this connection (after a password login).
     *         Store it securely and connect with it next time instead of the password. Empty when
     *         the server issued none (a token login usually issues none: keep the old token).
     */
    public @NotNull Optional<String> deviceToken() {
        return Optional.ofNullable(deviceToken);
    }

    /**
     * @return the server URI this connection was made to, spelled as it was configured: with several
     *         endpoints, the one that answered first (see {@link MissiveClientBuilder#serverUris})
     */
    public @NotNull Optional<String> serverUri() {
        return Optional.ofNullable(serverUri);
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConnectResult)) {
            return false;
        }
        final ConnectResult that = (ConnectResult) o;
        return userId.equals(that.userId) && deviceId.equals(that.deviceId)
                && Objects.equals(deviceToken, that.deviceToken) && Objects.equals(serverUri, that.serverUri);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, deviceId, deviceToken, serverUri);
    }

    @Override
    public @NotNull String toString() {
        // Never print the token itself: it is a credential.
        return "ConnectResult{userId=" + userId + ", deviceId=" + deviceId
                + ", deviceTokenIssued=" + (deviceToken != null) + (serverUri == null ? "" : ", serverUri=" + serverUri)
                + '}';
    }
}
