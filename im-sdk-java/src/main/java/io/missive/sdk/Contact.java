package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The user's relation to one other user: a contact, a request either way, or a block. */
public final class Contact {

    private final @NotNull String userId;
    private final @NotNull ContactState state;
    private final @Nullable Instant since;

    private Contact(final @NotNull String userId, final @NotNull ContactState state, final @Nullable Instant since) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.state = Objects.requireNonNull(state, "state");
        this.since = since;
    }

    /** @param since when the relation got its state; null when unknown */
    public static @NotNull Contact of(final @NotNull String userId, final @NotNull ContactState state,
                                      final @Nullable Instant since) {
        return new Contact(userId, state, since);
    }

    /** @return the other user */
    public @NotNull String userId() {
        return userId;
    }

    public @NotNull ContactState state() {
        return state;
    }

    /** @return when the relation got its current state; empty when the server does not say (e.g. {@link ContactState#NONE}) */
    public @NotNull Optional<Instant> since() {
        return Optional.ofNullable(since);
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Contact)) {
            return false;
        }
        final Contact that = (Contact) o;
        return userId.equals(that.userId) && state == that.state && Objects.equals(since, that.since);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, state, since);
    }

    @Override
    public @NotNull String toString() {
        return "Contact{" + userId + ' ' + state + (since == null ? "" : " since " + since) + '}';
    }
}
