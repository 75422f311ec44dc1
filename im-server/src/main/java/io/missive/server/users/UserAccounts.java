package io.missive.server.users;

import io.missive.protocol.Ids;
import io.missive.storage.MongoStores;
import io.missive.storage.user.PasswordHasher;
import io.missive.storage.user.PasswordPolicy;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Creates user accounts the way an administrator does: checks the user id, password and display
 * name, hashes the password (slow by design: on {@code hashing}, never on the caller's thread) and
 * stores the user unless the id is taken.
 */
public final class UserAccounts {

    public static final int MAX_DISPLAY_NAME_LENGTH = 128;

    private final @NotNull MongoStores stores;
    private final @NotNull PasswordHasher hasher;
    private final @NotNull Executor hashing;

    public UserAccounts(final @NotNull MongoStores stores, final @NotNull PasswordHasher hasher,
                        final @NotNull Executor hashing) {
        this.stores = stores;
        this.hasher = hasher;
        this.hashing = hashing;
    }

    /**
     * @param displayName null or blank: the user id
     * @return true when created, false when the user id is taken (nothing changes then)
     * @throws IllegalArgumentException when the user id, password or display name is not acceptable
     */
    public @NotNull CompletableFuture<Boolean> create(final @NotNull String userId, final @NotNull String password,
                                                      final @Nullable String displayName) {
        final Optional<String> problem = userIdProblem(userId)
                .or(() -> passwordProblem(password))
                .or(() -> displayNameProblem(displayName));
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        final String name = displayName == null || displayName.isBlank() ? userId : displayName.strip();
        return CompletableFuture.supplyAsync(() -> hasher.hash(password), hashing)
                .thenCompose(hash -> stores.users().create(userId, hash, name));
    }

    public static @NotNull Optional<String> userIdProblem(final @NotNull String userId) {
        return Ids.isValidUserId(userId)
                ? Optional.empty()
                : Optional.of("invalid user id '" + userId + "': 1..64 letters, digits, '_', '.', '-', "
                + "starting with a letter or digit");
    }

    /** What is wrong with a password, without repeating it. */
    public static @NotNull Optional<String> passwordProblem(final @NotNull String password) {
        return PasswordPolicy.problem(password);
    }

    public static @NotNull Optional<String> displayNameProblem(final @Nullable String displayName) {
        if (displayName == null) {
            return Optional.empty();
        }
        if (displayName.strip().length() > MAX_DISPLAY_NAME_LENGTH) {
            return Optional.of("the display name may have at most " + MAX_DISPLAY_NAME_LENGTH + " characters");
        }
        if (displayName.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("the display name may not contain control characters");
        }
        return Optional.empty();
    }
}
