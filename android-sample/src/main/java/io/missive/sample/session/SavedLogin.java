package io.missive.sample.session;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Objects;

/** The user this device is signed in as and the device token the server issued for it. */
public final class SavedLogin {

    private final @NotNull String userId;
    private final @NotNull String deviceToken;

    public SavedLogin(final @NotNull String userId, final @NotNull String deviceToken) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.deviceToken = Objects.requireNonNull(deviceToken, "deviceToken");
    }

    public @NotNull String userId() {
        return userId;
    }

    /** A credential: keep it out of logs. */
    public @NotNull String deviceToken() {
        return deviceToken;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SavedLogin)) {
            return false;
        }
        final SavedLogin that = (SavedLogin) o;
        return userId.equals(that.userId) && deviceToken.equals(that.deviceToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, deviceToken);
    }

    @Override
    public @NotNull String toString() {
        return "SavedLogin{" + userId + "}";
    }
}
