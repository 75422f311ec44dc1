package io.missive.config;

import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Node ids ({@code cluster.node-id}): the name of one broker node among those sharing a Redis. An
 * id is 1..40 letters, digits, '-' or '_' (it is part of Redis keys, channel names and hash tags, so
 * no braces, dots, colons or spaces). Without a configured one, a node generates {@code n-} and ten
 * random base32 characters once and keeps it in a file, so that it keeps its name across restarts.
 */
public final class NodeIds {

    /** The file, in the folder given to {@link #resolve}, that keeps a generated id. */
    public static final @NotNull String FILE = "node-id";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeIds() {
    }

    public static boolean valid(final @NotNull String id) {
        return VALID.matcher(id).matches();
    }

    /** A new id: {@code n-} and ten random base32 characters (50 bits). */
    public static @NotNull String generate() {
        final StringBuilder id = new StringBuilder("n-");
        for (int i = 0; i < 10; i++) {
            id.append(BASE32[RANDOM.nextInt(BASE32.length)]);
        }
        return id.toString();
    }

    /**
     * The configured id when there is one (validated already), else the one kept in
     * {@code folder/node-id}, else a new one written there (atomically: a crash leaves the old file or
     * the new one, never half of it).
     *
     * @throws UncheckedIOException  when the file can be neither read nor written
     * @throws IllegalStateException when the file holds something that is not a node id
     */
    public static @NotNull String resolve(final @NotNull String configured, final @NotNull Path folder) {
        if (!configured.isEmpty()) {
            return configured;
        }
        final Path file = folder.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                final String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!valid(kept)) {
                    throw new IllegalStateException(file + " does not hold a node id (" + Checks.nodeId(kept)
                            + "): correct or delete it");
                }
                return kept;
            }
            final String id = generate();
            Files.createDirectories(folder);
            final Path temporary = folder.resolve(FILE + ".tmp");
            Files.writeString(temporary, id + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot keep the node id in " + file + ": " + e, e);
        }
    }
}
