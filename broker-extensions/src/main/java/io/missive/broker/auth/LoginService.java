package io.missive.broker.auth;

import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.store.Workers;
import io.missive.protocol.Ids;
import io.missive.storage.MongoStores;
import io.missive.storage.device.Device;
import io.missive.storage.device.DeviceTokens;
import io.missive.storage.user.PasswordHasher;
import io.missive.storage.user.PasswordPolicy;
import io.missive.storage.user.User;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Decides a login. Password logins (the first on a device) verify the Argon2id hash on the
 * hashing pool and issue a fresh device token; token logins compare a SHA-256 hash. Everything
 * is asynchronous: the broker thread that received the CONNECT never waits.
 */
@Singleton
public final class LoginService {

    private final @NotNull MongoStores stores;
    private final @NotNull PasswordHasher hasher;
    private final @NotNull DeviceTokens tokens = new DeviceTokens();
    private final @NotNull LoginThrottle throttle;
    private final @NotNull Workers workers;
    private final @NotNull ExtensionConfig config;
    /** Verified for unknown users, so that they cost the same hash as known ones. */
    private final @NotNull String unknownUserHash;

    @Inject
    public LoginService(final @NotNull MongoStores stores, final @NotNull PasswordHasher hasher,
                        final @NotNull LoginThrottle throttle, final @NotNull Workers workers,
                        final @NotNull ExtensionConfig config) {
        this.stores = stores;
        this.hasher = hasher;
        this.throttle = throttle;
        this.workers = workers;
        this.config = config;
        this.unknownUserHash = hasher.hash("missive-unknown-user-placeholder");
    }

    public @NotNull CompletableFuture<LoginDecision> login(final @NotNull String userId, final @NotNull String deviceId,
                                                           final @NotNull String secret, final boolean register) {
        if (!Ids.isValidDeviceId(deviceId)) {
            return done(LoginDecision.refuse(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "client id required: 1..64 characters of letters, digits, '_', '.', '-', first a letter or digit,"
                            + " not starting with 'hmq_' (the prefix of ids a broker assigns)"));
        }
        if (!Ids.isValidUserId(userId)) {
            return done(LoginDecision.refuse(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password"));
        }
        if (DeviceTokens.looksLikeToken(secret)) {
            return stores.devices().find(deviceId).thenApply(device -> checkToken(userId, secret, device.orElse(null)));
        }
        final long pause = throttle.pauseRemainingMs(userId, System.currentTimeMillis());
        if (pause > 0) {
            return done(LoginDecision.refuse(ConnackReasonCode.CONNECTION_RATE_EXCEEDED,
                    "too many failed logins; retry in " + ((pause + 999) / 1000) + " s"));
        }
        return stores.users().find(userId).thenCompose(user -> {
            if (user.isEmpty() && register && config.selfRegistration()) {
                return register(userId, deviceId, secret);
            }
            return checkPassword(userId, deviceId, secret, user);
        });
    }

    private @NotNull LoginDecision checkToken(final @NotNull String userId, final @NotNull String token,
                                              final @Nullable Device device) {
        if (device == null || !device.userId().equals(userId)) {
            return LoginDecision.refuse(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
        }
        final String hash = device.tokenHash();
        if (hash == null) {
            return LoginDecision.refuse(ConnackReasonCode.NOT_AUTHORIZED,
                    "device token revoked; log in with the password");
        }
        if (!DeviceTokens.matches(token, hash)) {
            return LoginDecision.refuse(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
        }
        return LoginDecision.accept(null);
    }

    private @NotNull CompletableFuture<LoginDecision> checkPassword(final @NotNull String userId,
                                                                    final @NotNull String deviceId,
                                                                    final @NotNull String password,
                                                                    final @NotNull Optional<User> user) {
        // Unknown users cost the same hash as known ones, so timing does not reveal which ids exist.
        final String hash = user.map(User::passwordHash).orElse(unknownUserHash);
        return onHashingPool(() -> hasher.verify(password, hash) && user.isPresent()).thenCompose(ok -> {
            if (!ok) {
                throttle.recordFailure(userId, System.currentTimeMillis());
                return done(LoginDecision.refuse(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                        "bad user name or password"));
            }
            throttle.recordSuccess(userId);
            return issueToken(userId, deviceId);
        });
    }

    private @NotNull CompletableFuture<LoginDecision> register(final @NotNull String userId,
                                                               final @NotNull String deviceId,
                                                               final @NotNull String password) {
        final Optional<String> problem = PasswordPolicy.problem(password);
        if (problem.isPresent()) {
            return done(LoginDecision.refuse(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, problem.get()));
        }
        return onHashingPool(() -> hasher.hash(password))
                .thenCompose(hash -> stores.users().create(userId, hash, userId))
                .thenCompose(created -> created
                        ? issueToken(userId, deviceId)
                        // Lost a race with another registration of the same id: treat as a login.
                        : stores.users().find(userId).thenCompose(u -> checkPassword(userId, deviceId, password, u)));
    }

    private @NotNull CompletableFuture<LoginDecision> issueToken(final @NotNull String userId,
                                                                 final @NotNull String deviceId) {
        final String token = tokens.issue();
        return stores.devices().issueToken(deviceId, userId, DeviceTokens.hash(token)).thenApply(bound -> bound
                ? LoginDecision.accept(token)
                : LoginDecision.refuse(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                        "client id belongs to another user's device"));
    }

    private <T> @NotNull CompletableFuture<T> onHashingPool(final @NotNull java.util.function.Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, workers.hashing());
        } catch (final RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ServerBusyException());
        }
    }

    private static <T> @NotNull CompletableFuture<T> done(final @NotNull T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** Too many logins are being hashed at once. */
    public static final class ServerBusyException extends RuntimeException {
        public ServerBusyException() {
            super("login queue full", null, false, false);
        }
    }
}
