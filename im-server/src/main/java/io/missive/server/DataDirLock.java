package io.missive.server;

import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on {@code <data.dir>/server.lock}, held while a server runs: two servers on one
 * data directory would overwrite each other's broker configuration and extension. The operating
 * system releases it when the process dies, so a crash leaves no stale lock behind.
 */
public final class DataDirLock implements AutoCloseable {

    public static final @NotNull String FILE_NAME = "server.lock";

    private final @NotNull FileChannel channel;
    private final @NotNull FileLock lock;

    private DataDirLock(final @NotNull FileChannel channel, final @NotNull FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws MissiveStartException when another server holds the lock or the file cannot be created */
    public static @NotNull DataDirLock acquire(final @NotNull Path dataDir) {
        final Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            return new DataDirLock(channel, lock);
        } catch (final OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new MissiveStartException("data.dir " + dataDir + " is in use by another running Missive server", e);
        } catch (final IOException e) {
            closeQuietly(channel);
            throw new MissiveStartException("cannot lock " + file + ": " + e, e);
        }
    }

    /**
     * The lock when no server runs on {@code dataDir}, empty when one does.
     *
     * @throws MissiveStartException when the lock file cannot be created
     */
    public static @NotNull Optional<DataDirLock> tryAcquire(final @NotNull Path dataDir) {
        try {
            return Optional.of(acquire(dataDir));
        } catch (final MissiveStartException e) {
            if (e.getCause() instanceof OverlappingFileLockException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (final IOException ignored) {
            // closing the channel releases it anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // nothing left to release
            }
        }
    }
}
