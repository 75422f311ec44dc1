package io.missive.bench;

import io.missive.storage.MongoStores;
import io.missive.storage.device.DeviceTokens;
import io.missive.storage.user.PasswordHasher;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Creates benchmark users in bulk, straight in the server's store (what an administrator's user
 * import does, without one Argon2 run per user: every user shares one password hash), each with
 * one device and a device token, so devices log in with tokens as returning devices do.
 */
final class Provisioner implements AutoCloseable {

    /** A user with one device and its token. */
    record Account(@NotNull String userId, @NotNull String deviceId, @NotNull String token) {
    }

    static final @NotNull String PASSWORD = "bench-password-not-secret";
    private static final int CONCURRENCY = 64;

    private final @NotNull MongoStores stores;
    private final @NotNull String passwordHash;
    private final @NotNull DeviceTokens tokens = new DeviceTokens();

    Provisioner(final int mongoPort, final @NotNull String database) {
        this.stores = new MongoStores("mongodb://127.0.0.1:" + mongoPort, database, Runnable::run);
        this.passwordHash = new PasswordHasher().hash(PASSWORD);
    }

    /** Creates the users (which must not exist yet), one device {@code <user>-d} each. */
    @NotNull List<Account> accounts(final @NotNull List<String> userIds) {
        return Load.forEach(userIds, CONCURRENCY, 600, this::account);
    }

    private @NotNull CompletableFuture<Account> account(final @NotNull String userId) {
        final String deviceId = userId + "-d";
        final String token = tokens.issue();
        return stores.users().create(userId, passwordHash, userId)
                .thenCompose(created -> {
                    if (!created) {
                        throw new IllegalStateException("user " + userId + " exists already");
                    }
                    return stores.devices().issueToken(deviceId, userId, DeviceTokens.hash(token));
                })
                .thenApply(bound -> {
                    if (!bound) {
                        throw new IllegalStateException("device " + deviceId + " belongs to another user");
                    }
                    return new Account(userId, deviceId, token);
                });
    }

    @Override
    public void close() {
        stores.close();
    }
}
