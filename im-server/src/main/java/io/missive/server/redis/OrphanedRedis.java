package io.missive.server.redis;

import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** An embedded Redis left running by a server that was killed: found by its pid file and stopped. */
final class OrphanedRedis {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedRedis.class);
    private static final @NotNull Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private OrphanedRedis() {
    }

    /**
     * Stops the Redis whose pid {@code pidFile} names, if it still runs from {@code binDir} (a process
     * that did not stop it was killed), and deletes the pid file. The data directory lock guarantees that
     * no running server owns it.
     */
    static void stop(final @NotNull Path pidFile, final @NotNull Path binDir) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        final Optional<ProcessHandle> orphan;
        try {
            orphan = ProcessHandle.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
        } catch (final NumberFormatException e) {
            Files.delete(pidFile);
            return;
        }
        final Path bin = binDir.toAbsolutePath().normalize();
        if (orphan.isPresent() && orphan.get().isAlive()
                && orphan.get().info().command().map(c -> Path.of(c).toAbsolutePath().normalize().startsWith(bin))
                .orElse(false)) {
            LOG.warn("Stopping the embedded Redis left running by a previous server on this data directory (pid {})",
                    orphan.get().pid());
            orphan.get().destroyForcibly();
            // polled: onExit() of a process that is not our child only notices its end after a second or so
            final long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (!gone(orphan.get()) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while stopping the embedded Redis left running", e);
                }
            }
            if (!gone(orphan.get())) {
                LOG.warn("The embedded Redis left running (pid {}) was killed but has not gone yet", orphan.get().pid());
            }
        }
        Files.delete(pidFile);
    }

    /**
     * Ended: not alive, or (Linux) a zombie, which holds no port any more but counts as alive until its
     * new parent reaps it, which some container init processes do only after a second or so.
     */
    private static boolean gone(final @NotNull ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            final String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"),
                    StandardCharsets.US_ASCII);
            final int afterName = stat.lastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.length() && stat.charAt(afterName + 2) == 'Z';
        } catch (final IOException | RuntimeException e) {
            return false;
        }
    }
}
