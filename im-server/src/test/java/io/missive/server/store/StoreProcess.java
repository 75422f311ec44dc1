package io.missive.server.store;

import org.jetbrains.annotations.NotNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * An {@link EmbeddedStore} in a process of its own (same Java and class path), for tests that crash it
 * as a power cut or {@code kill -9} would: {@link #kill()} sends SIGKILL, so no final commit is written
 * and replies still waiting for one are never sent. The process ends by itself when its standard input
 * closes (the test JVM exits).
 */
final class StoreProcess implements AutoCloseable {

    private static final @NotNull Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final @NotNull Process process;
    private final int port;

    private StoreProcess(final @NotNull Process process, final int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the store on a free port with its files in {@code dir}, its output in {@code log}; returns once it listens. */
    static @NotNull StoreProcess start(final @NotNull Path dir, final @NotNull Path log) {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process process;
        try {
            process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    StoreProcess.class.getName(), dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // the store announces its port in its directory once it listens
            final int port = await().atMost(START_TIMEOUT).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the store process exited with " + process.exitValue());
                }
                return EmbeddedStore.announcedPort(dir);
            }, Optional::isPresent).get();
            return new StoreProcess(process, port);
        } catch (final RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The connection string clients use. */
    @NotNull String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    /** Kills the process (SIGKILL) and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the store process did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** The child's side: {@code StoreProcess <dir>}. */
    public static void main(final String[] args) throws IOException {
        final EmbeddedStore store = EmbeddedStore.start(new File(args[0]).toPath(), 0);
        // runs until the parent closes the pipe (or kills this process)
        while (System.in.read() >= 0) {
            // nothing is sent on it
        }
        store.close();
    }
}
