package io.missive.server.redis;

import org.jetbrains.annotations.NotNull;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The {@code redis-server} binary for this platform, shipped in the embedded-redis jar. */
final class RedisBinary {

    private RedisBinary() {
    }

    /** The binary for this platform, copied out of the jar into {@code binDir} unless it is there already. */
    static @NotNull Path extract(final @NotNull Path binDir) throws IOException {
        final OsArchitecture platform;
        try {
            platform = OsArchitecture.detectOSandArchitecture();
        } catch (final RuntimeException e) {
            throw new EmbeddedRedis.EmbeddedRedisException("there is no embedded Redis for this platform (" + e.getMessage()
                    + "): set redis.uri", e);
        }
        final String resource = ExecutableProvider.newProvidedVersionsMap().get(platform);
        if (resource == null) {
            throw new EmbeddedRedis.EmbeddedRedisException("there is no embedded Redis for " + platform.os + "/" + platform.arch
                    + ": set redis.uri", null);
        }
        final Path target = binDir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        try (InputStream in = ExecutableProvider.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new EmbeddedRedis.EmbeddedRedisException("the embedded Redis binary " + resource + " is not on the class path", null);
            }
            if (Files.isRegularFile(target) && Files.isExecutable(target) && sameSize(target, resource)) {
                return target;
            }
            Files.createDirectories(binDir);
            final Path partial = Files.createTempFile(binDir, "redis-server", ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                if (!partial.toFile().setExecutable(true, true)) {
                    throw new IOException("cannot make " + partial + " executable");
                }
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (final AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        }
    }

    private static boolean sameSize(final @NotNull Path file, final @NotNull String resource) throws IOException {
        final java.net.URL url = ExecutableProvider.class.getResource(resource);
        if (url == null) {
            return false;
        }
        final long expected = url.openConnection().getContentLengthLong();
        return expected >= 0 && Files.size(file) == expected;
    }
}
