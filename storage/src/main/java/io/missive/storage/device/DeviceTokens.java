package io.missive.storage.device;

import io.missive.protocol.ConnectProperties;
import org.jetbrains.annotations.NotNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Device tokens: 256 random bits, given to the device once, stored only as a SHA-256 hash. A slow
 * password hash is unnecessary for a secret of that entropy, so a token login costs one lookup
 * and one hash (microseconds) instead of an Argon2 run.
 */
public final class DeviceTokens {

    private final @NotNull SecureRandom random = new SecureRandom();

    public @NotNull String issue() {
        final byte[] secret = new byte[32];
        random.nextBytes(secret);
        return ConnectProperties.TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static boolean looksLikeToken(final @NotNull String secret) {
        return secret.startsWith(ConnectProperties.TOKEN_PREFIX);
    }

    public static @NotNull String hash(final @NotNull String token) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Constant-time comparison of a presented token with a stored hash. */
    public static boolean matches(final @NotNull String token, final @NotNull String storedHash) {
        return MessageDigest.isEqual(hash(token).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
