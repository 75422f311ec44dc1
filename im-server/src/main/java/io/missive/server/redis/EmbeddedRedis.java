package io.missive.server.redis;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Redis: the {@code redis-server} binary shipped in the embedded-redis jar, run as a child
 * process on the loopback interface only, with no persistence at all (no RDB snapshots, no AOF). What it
 * holds (unread counters) is rebuilt from MongoDB by design, so every start, and every restart after a
 * crash, begins with an EMPTY Redis.
 *
 * <p>Files in {@code dir} (normally {@code <data.dir>/redis}): {@code bin/} the binary (extracted once per
 * version), {@code redis.log} its output of the current run, {@code redis.pid} its process id while it runs.
 * When the owning JVM was killed (SIGKILL) and Redis outlived it, the next start on the same directory
 * finds that process by its pid file and stops it first; a JVM that exits without closing the server
 * stops Redis from a shutdown hook.
 *
 * <p>Starting takes a few tens of milliseconds. Production may use its own Redis by {@code redis.uri}.
 */
public final class EmbeddedRedis implements AutoCloseable {

    /** The interface Redis listens on; never anything else. */
    public static final @NotNull String HOST = "127.0.0.1";
    public static final @NotNull String LOG_FILE = "redis.log";
    public static final @NotNull String PID_FILE = "redis.pid";
    /** Where Redis would write a snapshot if a client asked for one (SAVE); deleted at every start. */
    private static final @NotNull String DUMP_FILE = "dump.rdb";
    private static final @NotNull String READY_LINE = "Ready to accept connections";
    private static final @NotNull Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final @NotNull Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** How long the shutdown hook lets an orderly close stop Redis before it kills it. */
    private static final @NotNull Duration HOOK_GRACE = Duration.ofSeconds(10);
    private static final int FREE_PORT_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final @NotNull Path dir;
    private final @NotNull Path binary;
    private final int port;
    private @Nullable Process process;
    private @Nullable Thread shutdownHook;

    private EmbeddedRedis(final @NotNull Path dir, final @NotNull Path binary, final int port) {
        this.dir = dir;
        this.binary = binary;
        this.port = port;
    }

    /**
     * Starts an empty Redis listening on 127.0.0.1:{@code port} (0: a free port), its files in {@code dir}.
     *
     * @throws EmbeddedRedisException when there is no binary for this platform, the port is taken, or
     *                                Redis did not become ready (the message carries its log)
     */
    public static @NotNull EmbeddedRedis start(final @NotNull Path dir, final int port) {
        final long begin = System.nanoTime();
        final Path binary;
        try {
            Files.createDirectories(dir);
            OrphanedRedis.stop(dir.resolve(PID_FILE), dir.resolve("bin"));
            binary = RedisBinary.extract(dir.resolve("bin"));
        } catch (final IOException e) {
            throw new EmbeddedRedisException("cannot prepare the embedded Redis in " + dir + ": " + e, e);
        }
        EmbeddedRedisException failure = null;
        for (int attempt = 0; attempt < (port == 0 ? FREE_PORT_ATTEMPTS : 1); attempt++) {
            final EmbeddedRedis redis = new EmbeddedRedis(dir, binary, port == 0 ? freePort() : port);
            try {
                redis.launch();
                LOG.info("Embedded Redis on {} (no persistence: it starts empty; {} ms)", redis.uri(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                return redis;
            } catch (final EmbeddedRedisException e) {
                // with port 0 another process may have taken the chosen port in between: try another one
                failure = e;
            }
        }
        throw failure;
    }

    /** The port Redis listens on (fixed for the lifetime of this object, also across {@link #restart()}). */
    public int port() {
        return port;
    }

    /** The URI clients use, e.g. {@code redis://127.0.0.1:6479}. */
    public @NotNull String uri() {
        return "redis://" + HOST + ":" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Stops Redis (its data is gone). Idempotent; {@link #restart()} starts it again.
     */
    public synchronized void stop() {
        final Process running = process;
        process = null;
        if (running != null) {
            running.destroy();
            try {
                if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("The embedded Redis (pid {}) did not stop within {}; killing it", running.pid(), STOP_TIMEOUT);
                    running.destroyForcibly();
                    running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (final InterruptedException e) {
                running.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        removeShutdownHook();
        try {
            Files.deleteIfExists(dir.resolve(PID_FILE));
        } catch (final IOException e) {
            LOG.warn("Could not delete {}: {}", dir.resolve(PID_FILE), e.toString());
        }
    }

    /**
     * Starts Redis again, EMPTY, on the same port (stops it first if it runs).
     *
     * @throws EmbeddedRedisException when it did not start (e.g. someone else took the port meanwhile)
     */
    public synchronized void restart() {
        stop();
        launch();
        LOG.info("Embedded Redis restarted on {} (empty)", uri());
    }

    /** Stops Redis. Idempotent. */
    @Override
    public void close() {
        stop();
    }

    private synchronized void launch() {
        if (!bindable(port)) {
            throw new EmbeddedRedisException("cannot listen on " + HOST + ":" + port
                    + " for the embedded Redis: the port is in use (set redis.embedded-port, or redis.uri)", null);
        }
        final Path log = dir.resolve(LOG_FILE);
        try {
            Files.deleteIfExists(dir.resolve(DUMP_FILE));
        } catch (final IOException e) {
            throw new EmbeddedRedisException("cannot delete " + dir.resolve(DUMP_FILE) + ": " + e, e);
        }
        final List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--bind", HOST,
                "--port", Integer.toString(port),
                "--protected-mode", "yes",
                "--daemonize", "no",
                // no persistence: no snapshot points, no append-only file
                "--save", "",
                "--appendonly", "no",
                "--dir", dir.toString(),
                "--dbfilename", DUMP_FILE,
                "--logfile", "",
                "--loglevel", "notice"));
        final Process started;
        try {
            started = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
        } catch (final IOException e) {
            throw new EmbeddedRedisException("cannot run " + binary + " (is " + dir
                    + " on a file system that allows executables?): " + e.getMessage(), e);
        }
        process = started;
        addShutdownHook(started);
        try {
            Files.writeString(dir.resolve(PID_FILE), Long.toString(started.pid()), StandardCharsets.US_ASCII);
            awaitReady(started, log);
        } catch (final IOException | RuntimeException e) {
            stop();
            throw e instanceof EmbeddedRedisException ? (EmbeddedRedisException) e
                    : new EmbeddedRedisException("the embedded Redis did not start: " + e, e);
        }
    }

    private void awaitReady(final @NotNull Process started, final @NotNull Path log) {
        final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!started.isAlive()) {
                throw new EmbeddedRedisException("the embedded Redis exited during start-up (code "
                        + started.exitValue() + ", port " + port + "; port in use? set redis.embedded-port). Its log:"
                        + System.lineSeparator() + readTail(log), null);
            }
            if (readTail(log).contains(READY_LINE)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new EmbeddedRedisException("the embedded Redis was not ready within " + START_TIMEOUT
                        + ". Its log:" + System.lineSeparator() + readTail(log), null);
            }
            try {
                Thread.sleep(5);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedRedisException("interrupted while the embedded Redis started", e);
            }
        }
    }

    private void addShutdownHook(final @NotNull Process started) {
        removeShutdownHook();
        final Thread hook = new Thread(() -> {
            // the server's own shutdown (broker first, then Redis) usually stops it; kill it only if not
            try {
                if (!started.waitFor(HOOK_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    started.destroyForcibly();
                }
            } catch (final InterruptedException e) {
                started.destroyForcibly();
            }
        }, "missive-redis-stop-" + started.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        shutdownHook = hook;
    }

    private void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (final IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway and finds Redis stopped
            }
            shutdownHook = null;
        }
    }

    private static boolean bindable(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new EmbeddedRedisException("cannot find a free port for the embedded Redis: " + e, e);
        }
    }

    private static @NotNull String readTail(final @NotNull Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            final long length = in.length();
            final byte[] bytes = new byte[(int) Math.min(length, 16 * 1024)];
            in.seek(length - bytes.length);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            return "";
        }
    }

    /** The embedded Redis could not be prepared or did not start. */
    public static final class EmbeddedRedisException extends RuntimeException {
        EmbeddedRedisException(final @NotNull String message, final @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}
