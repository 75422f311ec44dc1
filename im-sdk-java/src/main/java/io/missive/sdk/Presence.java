package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Whether a followed user is online (any of their devices connected), and when they were last seen. */
public final class Presence {

    private final @NotNull String userId;
    private final boolean online;
    private final @Nullable Instant lastSeen;

    private Presence(final @NotNull String userId, final boolean online, final @Nullable Instant lastSeen) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.online = online;
        this.lastSeen = lastSeen;
    }

    /** @param lastSeen when the user's last device disconnected; null when online or never seen */
    public static @NotNull Presence of(final @NotNull String userId, final boolean online,
                                       final @Nullable Instant lastSeen) {
        return new Presence(userId, online, lastSeen);
    }

    public @NotNull String userId() {
        return userId;
    }

    /** @return true while at least one of the user's devices is connected */
    public boolean online() {
        return online;
    }

    /** @return when the user's last device disconnected; empty while online, or when never seen */
    public @NotNull Optional<Instant> lastSeen() {
        return Optional.ofNullable(lastSeen);
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Presence)) {
            return false;
        }
        final Presence that = (Presence) o;
        return online == that.online && userId.equals(that.userId) && Objects.equals(lastSeen, that.lastSeen);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, online, lastSeen);
    }

    @Override
    public @NotNull String toString() {
        return "Presence{" + userId + (online ? " online" : " offline") + (lastSeen == null ? "" : ", lastSeen=" + lastSeen)
                + '}';
    }
}
