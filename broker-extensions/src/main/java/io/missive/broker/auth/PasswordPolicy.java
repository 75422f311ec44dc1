package io.missive.broker.auth;

import io.missive.protocol.ConnectProperties;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/** What a new password must satisfy. */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;

    private PasswordPolicy() {
    }

    /** @return why the password is unacceptable, or null when it is fine */
    public static @Nullable String problem(final @NotNull String password) {
        if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            return "password must be " + MIN_LENGTH + ".." + MAX_LENGTH + " characters";
        }
        if (password.startsWith(ConnectProperties.TOKEN_PREFIX)) {
            return "password may not start with '" + ConnectProperties.TOKEN_PREFIX + "'";
        }
        return null;
    }
}
