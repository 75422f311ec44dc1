package io.missive.storage.user;

import org.jetbrains.annotations.NotNull;

/** A user account. */
public final class User {

    private final @NotNull String userId;
    private final @NotNull String passwordHash;
    private final @NotNull String displayName;

    public User(final @NotNull String userId, final @NotNull String passwordHash, final @NotNull String displayName) {
        this.userId = userId;
        this.passwordHash = passwordHash;
        this.displayName = displayName;
    }

    public @NotNull String userId() {
        return userId;
    }

    public @NotNull String passwordHash() {
        return passwordHash;
    }

    public @NotNull String displayName() {
        return displayName;
    }
}
