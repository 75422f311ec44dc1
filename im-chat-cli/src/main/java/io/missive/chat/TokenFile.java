package io.missive.chat;

import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The device token of one user and device, kept in a file readable only by its owner (where the
 * file system supports POSIX permissions). The token is a credential: it is never printed.
 */
final class TokenFile {

    private final @NotNull Path path;

    TokenFile(final @NotNull Path path) {
        this.path = path;
    }

    /** @return ~/.missive/&lt;user&gt;-&lt;device&gt;.token */
    static @NotNull TokenFile defaultFor(final @NotNull String user, final @NotNull String device) {
        return new TokenFile(Paths.get(System.getProperty("user.home"), ".missive", user + "-" + device + ".token"));
    }

    @NotNull Path path() {
        return path;
    }

    /** @return the stored token; empty when there is no file or it is empty */
    @NotNull Optional<String> read() throws IOException {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        final String token = new String(Files.readAllBytes(path), StandardCharsets.UTF_8).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** Replaces the stored token; a reader never sees a half-written file. */
    void write(final @NotNull String token) throws IOException {
        final Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        final Path temp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            ownerOnly(temp);
            Files.write(temp, (token + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (final AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void ownerOnly(final @NotNull Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (final UnsupportedOperationException e) {
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        }
    }
}
