package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the client logs in with. A password is kept only until the server issues a device token:
 * then its bytes are overwritten and every later login (reconnects included) uses the token.
 * Thread-safe.
 */
public final class Credentials {

    private @Nullable byte[] password;
    private @Nullable String token;
    private final boolean register;

    private Credentials(final @Nullable byte[] password, final @Nullable String token, final boolean register) {
        this.password = password;
        this.token = token;
        this.register = register;
    }

    /** @param register ask the server to create the user on a password login */
    public static @NotNull Credentials ofPassword(final @NotNull String password, final boolean register) {
        return new Credentials(password.getBytes(StandardCharsets.UTF_8), null, register);
    }

    public static @NotNull Credentials ofToken(final @NotNull String token) {
        return new Credentials(null, token, false);
    }

    /** @return the bytes to send as MQTT password: the token when there is one, else the password (a copy) */
    synchronized @NotNull byte[] secret() {
        if (token != null) {
            return token.getBytes(StandardCharsets.UTF_8);
        }
        return password == null ? new byte[0] : password.clone();
    }

    /** @return true when the next login sends the password and asks for self-registration */
    synchronized boolean registerOnLogin() {
        return register && token == null && password != null;
    }

    synchronized @NotNull Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** The server issued a token: use it from now on and forget the password. */
    synchronized void tokenIssued(final @NotNull String issued) {
        token = issued;
        if (password != null) {
            Arrays.fill(password, (byte) 0);
            password = null;
        }
    }

    /** @return true while the password is still held */
    synchronized boolean holdsPassword() {
        return password != null;
    }

    @Override
    public @NotNull String toString() {
        return "Credentials{secrets hidden}";
    }
}
