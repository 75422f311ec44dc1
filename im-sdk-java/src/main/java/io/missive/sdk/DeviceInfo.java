package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One of the user's devices, as listed by {@link MissiveClient#listDevices()}. */
public final class DeviceInfo {

    private final @NotNull String deviceId;
    private final @NotNull Instant createdAt;
    private final @Nullable Instant lastLoginAt;
    private final long ackedVersion;
    private final boolean active;
    private final boolean current;
    private final boolean pushRegistered;

    private DeviceInfo(final @NotNull String deviceId, final @NotNull Instant createdAt,
                       final @Nullable Instant lastLoginAt, final long ackedVersion, final boolean active,
                       final boolean current, final boolean pushRegistered) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.lastLoginAt = lastLoginAt;
        this.ackedVersion = ackedVersion;
        this.active = active;
        this.current = current;
        this.pushRegistered = pushRegistered;
    }

    /** A device without a push registration. */
    public static @NotNull DeviceInfo of(final @NotNull String deviceId, final @NotNull Instant createdAt,
                                         final @Nullable Instant lastLoginAt, final long ackedVersion,
                                         final boolean active, final boolean current) {
        return of(deviceId, createdAt, lastLoginAt, ackedVersion, active, current, false);
    }

    public static @NotNull DeviceInfo of(final @NotNull String deviceId, final @NotNull Instant createdAt,
                                         final @Nullable Instant lastLoginAt, final long ackedVersion,
                                         final boolean active, final boolean current, final boolean pushRegistered) {
        return new DeviceInfo(deviceId, createdAt, lastLoginAt, ackedVersion, active, current, pushRegistered);
    }

    public @NotNull String deviceId() {
        return deviceId;
    }

    /** @return when the device first logged in */
    public @NotNull Instant createdAt() {
        return createdAt;
    }

    /** @return when the device last logged in; empty when the server does not know */
    public @NotNull Optional<Instant> lastLoginAt() {
        return Optional.ofNullable(lastLoginAt);
    }

    /** @return the highest sync-stream version the device acknowledged (0 for none) */
    public long ackedVersion() {
        return ackedVersion;
    }

    /** @return true while the device holds a token that can log in; false once revoked */
    public boolean active() {
        return active;
    }

    /** @return true for the device that asked */
    public boolean current() {
        return current;
    }

    /** @return true when the device is registered for push notifications ({@link MissiveClient#registerPush}) */
    public boolean pushRegistered() {
        return pushRegistered;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeviceInfo)) {
            return false;
        }
        final DeviceInfo that = (DeviceInfo) o;
        return ackedVersion == that.ackedVersion && active == that.active && current == that.current
                && pushRegistered == that.pushRegistered && deviceId.equals(that.deviceId)
                && createdAt.equals(that.createdAt) && Objects.equals(lastLoginAt, that.lastLoginAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, createdAt, lastLoginAt, ackedVersion, active, current, pushRegistered);
    }

    @Override
    public @NotNull String toString() {
        return "DeviceInfo{deviceId=" + deviceId + ", createdAt=" + createdAt + ", lastLoginAt=" + lastLoginAt
                + ", ackedVersion=" + ackedVersion + ", active=" + active + ", current=" + current
                + ", pushRegistered=" + pushRegistered + '}';
    }
}
