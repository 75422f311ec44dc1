package io.missive.storage.device;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/** A device (one MQTT client id) bound to one user, with the hash of its current token. */
public final class Device {

    private final @NotNull String deviceId;
    private final @NotNull String userId;
    private final @Nullable String tokenHash;
    private final long ackedVersion;
    private final long createdAtMs;
    private final long lastLoginAtMs;
    private final @Nullable PushToken push;

    public Device(final @NotNull String deviceId, final @NotNull String userId, final @Nullable String tokenHash) {
        this(deviceId, userId, tokenHash, 0, 0, 0, null);
    }

    public Device(final @NotNull String deviceId, final @NotNull String userId, final @Nullable String tokenHash,
                  final long ackedVersion, final long createdAtMs, final long lastLoginAtMs,
                  final @Nullable PushToken push) {
        this.push = push;
        this.deviceId = deviceId;
        this.userId = userId;
        this.tokenHash = tokenHash;
        this.ackedVersion = ackedVersion;
        this.createdAtMs = createdAtMs;
        this.lastLoginAtMs = lastLoginAtMs;
    }

    /** The device's APNs registration; null when it has none. */
    public @Nullable PushToken push() {
        return push;
    }

    /** The device's cursor: the highest sync-stream version it acknowledged (0 = none). */
    public long ackedVersion() {
        return ackedVersion;
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    /** When the device last logged in with the password (and got a new token). */
    public long lastLoginAtMs() {
        return lastLoginAtMs;
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
