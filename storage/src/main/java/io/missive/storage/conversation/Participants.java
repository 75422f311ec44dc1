package io.missive.storage.conversation;

import org.jetbrains.annotations.NotNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * The participants hash: one value for a set of users whatever their order, stored on every
 * conversation so that "the conversation among exactly these people" is an index lookup.
 */
public final class Participants {

    private Participants() {
    }

    public static @NotNull String hash(final @NotNull Collection<String> userIds) {
        final MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        for (final String user : new TreeSet<>(userIds)) {
            digest.update(user.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
