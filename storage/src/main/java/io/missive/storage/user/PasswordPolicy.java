package io.missive.storage.user;

import io.missive.protocol.ConnectProperties;
import org.jetbrains.annotations.NotNull;

import java.util.Optional;

/**
 * What a new password must satisfy, wherever a user is created: by an operator command or by
 * self-registration over MQTT.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;

    private PasswordPolicy() {
    }

    /** What is wrong with a password, without repeating it; empty when it is acceptable. */
    public static @NotNull Optional<String> problem(final @NotNull String password) {
        if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            return Optional.of("the password must be " + MIN_LENGTH + ".." + MAX_LENGTH + " characters long");
        }
        if (password.startsWith(ConnectProperties.TOKEN_PREFIX)) {
            return Optional.of("the password may not start with '" + ConnectProperties.TOKEN_PREFIX
                    + "' (reserved for device tokens)");
        }
        return Optional.empty();
    }
}
