package io.missive.sample.session;

import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveClientBuilder;
import io.missive.sdk.MissiveConnectException;
import io.missive.sdk.SyncStore;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Signs this device in: the first time with the user's password, then with the device token the
 * server issued, kept in a {@link TokenStore}. A token the server refuses for good (revoked, unknown)
 * is forgotten, so that the app asks for the password again.
 *
 * <pre>{@code
 * Login login = Login.builder().serverUri("tcp://10.0.2.2:1883").deviceId(deviceId)
 *         .dataDir(context.getFilesDir().toPath()).tokens(tokens).callbacks(mainThread).build();
 * CompletableFuture<Session> session = login.savedUserId().isPresent()
 *         ? login.withSavedToken()
 *         : login.withPassword("alice", password);
 * }</pre>
 */
public final class Login {

    private final @NotNull String serverUri;
    private final @NotNull String deviceId;
    private final @NotNull Path dataDir;
    private final @NotNull TokenStore tokens;
    private final @NotNull String pushTopic;
    private final @NotNull Executor callbacks;

    private Login(final @NotNull Builder builder) {
        this.serverUri = Objects.requireNonNull(builder.serverUri, "serverUri");
        this.deviceId = Objects.requireNonNull(builder.deviceId, "deviceId");
        this.dataDir = Objects.requireNonNull(builder.dataDir, "dataDir");
        this.tokens = Objects.requireNonNull(builder.tokens, "tokens");
        this.pushTopic = Objects.requireNonNull(builder.pushTopic, "pushTopic");
        this.callbacks = Objects.requireNonNull(builder.callbacks, "callbacks");
    }

    public static @NotNull Builder builder() {
        return new Builder();
    }

    /** @return the user whose device token is kept: {@link #withSavedToken()} needs no password */
    public @NotNull Optional<String> savedUserId() {
        return tokens.load().map(SavedLogin::userId);
    }

    /**
     * Connects with the password and keeps the device token the server answers with. Fails with a
     * {@link MissiveConnectException}: {@link ErrorCode#BAD_CREDENTIALS} for a wrong password,
     * {@link ErrorCode#NOT_CONNECTED} when the server cannot be reached.
     */
    public @NotNull CompletableFuture<Session> withPassword(final @NotNull String userId,
                                                           final @NotNull String password) {
        return start(userId, base(userId).password(password), false);
    }

    /**
     * Connects with the kept device token. When the server refuses it for good the token is
     * forgotten and the future fails with {@link ErrorCode#BAD_CREDENTIALS} or
     * {@link ErrorCode#NOT_AUTHORIZED}: ask for the password.
     */
    public @NotNull CompletableFuture<Session> withSavedToken() {
        final Optional<SavedLogin> saved = tokens.load();
        if (saved.isEmpty()) {
            final CompletableFuture<Session> none = new CompletableFuture<>();
            none.completeExceptionally(new IllegalStateException("no saved login"));
            return none;
        }
        final String userId = saved.get().userId();
        return start(userId, base(userId).token(saved.get().deviceToken()), true);
    }

    private @NotNull MissiveClientBuilder base(final @NotNull String userId) {
        return MissiveClient.builder().serverUri(serverUri).userId(userId).deviceId(deviceId);
    }

    private @NotNull CompletableFuture<Session> start(final @NotNull String userId,
                                                      final @NotNull MissiveClientBuilder builder,
                                                      final boolean tokenLogin) {
        // one cursor file per user and device: a restarted app continues where it stopped
        final Path syncFile = dataDir.resolve(userId + "-" + deviceId + ".sync");
        final MissiveClient client = builder.syncStore(SyncStore.file(syncFile)).build();
        // the session listens before it connects, so that it misses nothing
        final Session session = new Session(client, tokens, syncFile, pushTopic, callbacks);
        return client.connect().handle((connected, failure) -> {
            if (failure == null) {
                connected.deviceToken().ifPresent(token -> tokens.save(new SavedLogin(userId, token)));
                return session;
            }
            session.close();
            final Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            if (tokenLogin && refusedForGood(cause)) {
                tokens.clear();
            }
            throw new CompletionException(cause);
        });
    }

    static boolean refusedForGood(final @Nullable Throwable failure) {
        if (!(failure instanceof MissiveConnectException)) {
            return false;
        }
        final ErrorCode code = ((MissiveConnectException) failure).code();
        return code == ErrorCode.BAD_CREDENTIALS || code == ErrorCode.NOT_AUTHORIZED;
    }

    public static final class Builder {
        private @Nullable String serverUri;
        private @Nullable String deviceId;
        private @Nullable Path dataDir;
        private @Nullable TokenStore tokens;
        private @NotNull String pushTopic = "io.missive.sample";
        private @NotNull Executor callbacks = Runnable::run;

        private Builder() {
        }

        /** E.g. {@code tcp://10.0.2.2:1883}: the development machine, seen from the Android emulator. */
        public @NotNull Builder serverUri(final @NotNull String serverUri) {
            this.serverUri = serverUri;
            return this;
        }

        /** Stable per installation: it is the MQTT client id. */
        public @NotNull Builder deviceId(final @NotNull String deviceId) {
            this.deviceId = deviceId;
            return this;
        }

        /** Where the sync cursor files go: the app's private files directory. */
        public @NotNull Builder dataDir(final @NotNull Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public @NotNull Builder tokens(final @NotNull TokenStore tokens) {
            this.tokens = tokens;
            return this;
        }

        /** The topic push registrations name (the app's id); default {@code io.missive.sample}. */
        public @NotNull Builder pushTopic(final @NotNull String pushTopic) {
            this.pushTopic = pushTopic;
            return this;
        }

        /** Where listeners of the session and its models are called: the main thread in the app. */
        public @NotNull Builder callbacks(final @NotNull Executor callbacks) {
            this.callbacks = callbacks;
            return this;
        }

        public @NotNull Login build() {
            return new Login(this);
        }
    }
}
