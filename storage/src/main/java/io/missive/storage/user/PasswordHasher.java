package io.missive.storage.user;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.jetbrains.annotations.NotNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Argon2id password hashing (Bouncy Castle), encoded in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} so parameters can be raised later without
 * invalidating stored hashes. Defaults follow the OWASP recommendation (19 MiB, 2 passes).
 *
 * <p>Hashing is deliberately slow (tens of milliseconds): callers run it on a dedicated executor,
 * never on a broker thread.
 */
public final class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final @NotNull SecureRandom random = new SecureRandom();

    public PasswordHasher() {
        this(19_456, 2, 1);
    }

    public PasswordHasher(final int memoryKib, final int iterations, final int parallelism) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    public @NotNull String hash(final @NotNull String password) {
        final byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        final byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Constant-time check of a password against an encoded hash; false for any malformed hash. */
    public boolean verify(final @NotNull String password, final @NotNull String encoded) {
        final String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (final String kv : parts[3].split(",")) {
                final String[] pair = kv.split("=");
                final int value = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m": m = value; break;
                    case "t": t = value; break;
                    case "p": p = value; break;
                    default: return false;
                }
            }
            final byte[] salt = B64D.decode(parts[4]);
            final byte[] expected = B64D.decode(parts[5]);
            final byte[] actual = derive(password, salt, m, t, p, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (final RuntimeException e) {
            return false;
        }
    }

    private static byte[] derive(final @NotNull String password, final byte[] salt, final int m, final int t,
                                 final int p, final int length) {
        final Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build();
        final Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        final byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
