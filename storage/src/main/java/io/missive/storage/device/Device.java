package io.missive.storage.device;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/** A device (one MQTT client id) bound to one user, with the hash of its current token. */
public final class Device {

    private final @NotNull String deviceId;
    private final @NotNull String userId;
    private final @Nullable String tokenHash;

    public Device(final @NotNull String deviceId, final @NotNull String userId, final @Nullable String tokenHash) {
        this.deviceId = deviceId;
        this.userId = userId;
        this.tokenHash = tokenHash;
    }

    public @NotNull String deviceId() {
        return deviceId;
    }

    public @NotNull String userId() {
        return userId;
    }

    /** SHA-256 of the device token, hex; null when the token was revoked. */
    public @Nullable String tokenHash() {
        return tokenHash;
    }
}
