package io.missive.server.process;

import io.missive.config.Setting;
import io.missive.server.TestRedis;
import io.missive.server.cli.Main;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Missive server in a child JVM ({@code io.missive.server.cli.Main serve}, same {@code java} binary
 * and class path as this JVM), for fault tests: kill it with SIGKILL, restart it on the same data
 * directory and ports, check what survived.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.builder(dataDir).config("auth.self-registration", "true").start()) {
 *     connect(server.mqttUri());
 *     server.kill9();
 *     server.restart();            // same data dir, same MQTT, store and Redis ports
 * }
 * }</pre>
 *
 * <p>Configuration reaches the child as {@code MISSIVE_*} environment variables (inherited ones are
 * removed); its working directory is the data directory, so no {@code missive.properties} is picked up
 * by accident. The MQTT port, the embedded store's port and the embedded Redis' port are chosen once,
 * outside the range the operating system hands out to client sockets, and kept across restarts. With
 * {@value TestRedis#URI_PROPERTY} set, the child uses that external Redis instead (emptied before the
 * first start; it keeps its data across kills and restarts, as a real external Redis would). The
 * child's stdout and stderr are appended to {@code <data dir>/process.log}, one header line per start.
 *
 * <p>{@link #start()} returns once the child has logged "Missive started" and its ports accept TCP
 * connections; every wait is bounded and a failure carries the log's tail. {@link #close()} kills the
 * child (SIGKILL) if it still runs; so does a shutdown hook of this JVM, so that no server outlives
 * the tests. Killing the child also kills its own child processes (the embedded Redis), as killing a
 * service's process group or container does.
 */
public final class ServerProcess implements AutoCloseable {

    /** The file in the data directory that receives the child's output. */
    public static final @NotNull String LOG_FILE = "process.log";
    /** What the server logs once it admits clients. */
    public static final @NotNull String STARTED_LINE = "Missive started";

    private static final @NotNull String HOST = "127.0.0.1";
    private static final int LOG_TAIL_LINES = 80;
    private static final @NotNull Set<Integer> PORTS_GIVEN_OUT = ConcurrentHashMap.newKeySet();

    private final @NotNull Path dataDir;
    private final @NotNull Map<String, String> environment;
    private final @NotNull List<String> jvmArgs;
    private final @NotNull Duration startTimeout;
    private final @NotNull Duration stopTimeout;
    private final int mqttPort;
    /** The embedded store's port; 0 with an external store ({@code mongo.uri}). */
    private final int mongoPort;
    private final @NotNull String externalMongoUri;
    private final int httpPort;
    /** The embedded Redis' port; 0 with an external Redis. */
    private final int redisPort;
    private final @NotNull String redisUri;
    private final @NotNull String mongoDatabase;
    private @Nullable Process process;
    private @Nullable Thread killOnExit;
    private int starts;

    private ServerProcess(final @NotNull Builder builder) {
        this.dataDir = builder.dataDir;
        this.jvmArgs = List.copyOf(builder.jvmArgs);
        this.startTimeout = builder.startTimeout;
        this.stopTimeout = builder.stopTimeout;
        this.mqttPort = freePort();
        // with mongo.uri the server uses that store (e.g. another node's) and runs none of its own
        this.externalMongoUri = builder.config.getOrDefault(Setting.MONGO_URI, "");
        this.mongoPort = externalMongoUri.isEmpty() ? freePort() : 0;
        this.httpPort = freePort();
        final Map<String, String> env = new LinkedHashMap<>();
        env.put(Setting.DATA_DIR.envName(), dataDir.toString());
        env.put(Setting.MQTT_BIND_ADDRESS.envName(), HOST);
        env.put(Setting.MQTT_PORT.envName(), Integer.toString(mqttPort));
        if (mongoPort != 0) {
            env.put(Setting.MONGO_EMBEDDED_PORT.envName(), Integer.toString(mongoPort));
        }
        env.put(Setting.HTTP_PORT.envName(), Integer.toString(httpPort));
        final String external = builder.config.containsKey(Setting.REDIS_URI)
                ? builder.config.get(Setting.REDIS_URI) : TestRedis.externalUri().orElse("");
        if (external.isEmpty()) {
            this.redisPort = freePort();
            this.redisUri = "redis://" + HOST + ":" + redisPort;
            env.put(Setting.REDIS_EMBEDDED_PORT.envName(), Integer.toString(redisPort));
        } else {
            this.redisPort = 0;
            this.redisUri = external;
            env.put(Setting.REDIS_URI.envName(), external);
        }
        builder.config.forEach((key, value) -> env.put(key.envName(), value));
        this.environment = Collections.unmodifiableMap(env);
        this.mongoDatabase = builder.config.getOrDefault(Setting.MONGO_DATABASE, Setting.MONGO_DATABASE.defaultValue());
    }

    /** A server on {@code dataDir} (created if missing), configured by the builder; nothing runs yet. */
    public static @NotNull Builder builder(final @NotNull Path dataDir) {
        return new Builder(dataDir);
    }

    /** Starts a server with the default configuration on {@code dataDir}; see {@link #start()}. */
    public static @NotNull ServerProcess start(final @NotNull Path dataDir) {
        return builder(dataDir).start();
    }

    /**
     * Starts the child and waits until it admits clients.
     *
     * @throws IllegalStateException when it runs already, exits during start-up, or is not ready within
     *                               the start timeout (the child is killed then); the message has the log tail
     */
    public synchronized @NotNull ServerProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the server process runs already (pid " + process.pid() + ")");
        }
        final Path log = logFile();
        final long logOffset;
        if (starts == 0 && redisPort == 0 && TestRedis.externalUri().equals(Optional.of(redisUri))) {
            TestRedis.flushAll(redisUri);
        }
        try {
            Files.createDirectories(dataDir);
            starts++;
            Files.writeString(log, "==== start " + starts + " at " + Instant.now() + " ====" + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            logOffset = Files.size(log);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot prepare " + log, e);
        }
        final List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("serve");
        final ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        builder.environment().keySet().removeIf(name -> name.startsWith("MISSIVE_"));
        builder.environment().putAll(environment);
        final Process started;
        try {
            started = builder.start();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        process = started;
        final Thread hook = new Thread(() -> killWithChildren(started), "kill-missive-server-" + started.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        killOnExit = hook;
        awaitReady(started, logOffset);
        return this;
    }

    /**
     * Kills the child with SIGKILL (no shutdown hook, no final commit), and its child processes (the
     * embedded Redis, which loses its data), and waits until it is gone.
     *
     * @return its exit code (137 on Linux)
     */
    public synchronized int kill9() {
        final Process running = running("kill9");
        killWithChildren(running);
        return awaitExit(running, "after SIGKILL");
    }

    /**
     * Stops the child with SIGTERM (a clean shutdown) and waits until it is gone.
     *
     * @return its exit code (143: terminated by SIGTERM, after the clean shutdown)
     * @throws IllegalStateException when it did not exit within the stop timeout (it is killed then)
     */
    public synchronized int stop() {
        final Process running = running("stop");
        running.destroy();
        return awaitExit(running, "after SIGTERM");
    }

    /** Starts the child again on the same data directory and ports; stops it first (SIGTERM) if it still runs. */
    public synchronized @NotNull ServerProcess restart() {
        if (process != null && process.isAlive()) {
            stop();
        }
        return start();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The child's process id. */
    public synchronized long pid() {
        return running("pid").pid();
    }

    public int mqttPort() {
        return mqttPort;
    }

    /** Where MQTT clients connect, e.g. {@code tcp://127.0.0.1:24817} (Paho's form). */
    public @NotNull String mqttUri() {
        return "tcp://" + HOST + ":" + mqttPort;
    }

    /** The port of the HTTP endpoints ({@code /metrics}, {@code /health}), fixed across restarts. */
    public int httpPort() {
        return httpPort;
    }

    /** The embedded store's port, fixed across restarts; 0 when the server uses another store ({@code mongo.uri}). */
    public int mongoPort() {
        return mongoPort;
    }

    /** The store the server uses: its embedded one, e.g. {@code mongodb://127.0.0.1:24818}, or {@code mongo.uri}. */
    public @NotNull String mongoUri() {
        return mongoPort == 0 ? externalMongoUri : "mongodb://" + HOST + ":" + mongoPort;
    }

    /**
     * The Redis the server uses: the embedded one, e.g. {@code redis://127.0.0.1:24819} (its port fixed
     * across restarts, empty after each), or the external one.
     */
    public @NotNull String redisUri() {
        return redisUri;
    }

    /** The database the server uses ({@code mongo.database}). */
    public @NotNull String mongoDatabase() {
        return mongoDatabase;
    }

    public @NotNull Path dataDir() {
        return dataDir;
    }

    public @NotNull Path logFile() {
        return dataDir.resolve(LOG_FILE);
    }

    /** The last lines of the child's output (all starts). */
    public @NotNull String logTail() {
        return logTail(LOG_TAIL_LINES);
    }

    /** The last {@code lines} lines of the child's output (all starts). */
    public @NotNull String logTail(final int lines) {
        final String text = readTail(logFile(), 256 * 1024);
        final List<String> all = Arrays.asList(text.split("\\R", -1));
        return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Kills the child (SIGKILL) if it still runs. The data directory stays. */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            killWithChildren(process);
            try {
                process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        removeHook();
    }

    private @NotNull Process running(final @NotNull String operation) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(operation + ": the server process does not run"
                    + (process == null ? "" : " (exit code " + process.exitValue() + ")"));
        }
        return process;
    }

    private int awaitExit(final @NotNull Process running, final @NotNull String what) {
        try {
            if (!running.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly();
                running.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException("the server process (pid " + running.pid() + ") did not exit within "
                        + stopTimeout + " " + what + "; killed it. Log tail:" + System.lineSeparator() + logTail());
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server process to exit", e);
        } finally {
            removeHook();
        }
        return running.exitValue();
    }

    private void awaitReady(final @NotNull Process started, final long logOffset) {
        final boolean[] logged = {false};
        try {
            Awaitility.await("server process ready")
                    .atMost(startTimeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new IllegalStateException("the server process exited with code " + started.exitValue()
                                    + " during start-up. Log tail:" + System.lineSeparator() + logTail());
                        }
                        logged[0] = logged[0] || readFrom(logFile(), logOffset).contains(STARTED_LINE);
                        return logged[0] && accepts(mqttPort) && (mongoPort == 0 || accepts(mongoPort))
                                && (redisPort == 0 || accepts(redisPort));
                    });
        } catch (final ConditionTimeoutException e) {
            killWithChildren(started);
            try {
                started.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            removeHook();
            throw new IllegalStateException("the server process was not ready within " + startTimeout
                    + " (logged '" + STARTED_LINE + "': " + logged[0] + ", MQTT port " + mqttPort + ", store port "
                    + mongoPort + (redisPort == 0 ? "" : ", Redis port " + redisPort) + "); killed it. Log tail:"
                    + System.lineSeparator() + logTail(), e);
        } catch (final RuntimeException e) {
            // the child exited during start-up (thrown by the condition)
            killWithChildren(started);
            removeHook();
            throw e;
        }
    }

    private void removeHook() {
        if (killOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (final IllegalStateException e) {
                // this JVM is shutting down: the hook runs anyway
            }
            killOnExit = null;
        }
    }

    /** SIGKILL to the child and to its descendants (listed first: once it is dead they are orphaned). */
    private static void killWithChildren(final @NotNull Process child) {
        final List<ProcessHandle> descendants = child.descendants().toList();
        child.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean accepts(final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1_000);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    private static @NotNull String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static @NotNull java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static @NotNull String readFrom(final @NotNull Path file, final long offset) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            final long length = in.length();
            if (length <= offset) {
                return "";
            }
            final byte[] bytes = new byte[(int) Math.min(length - offset, 16 * 1024 * 1024)];
            in.seek(offset);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            return "";
        }
    }

    private static @NotNull String readTail(final @NotNull Path file, final int maxBytes) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            return readFrom(file, Math.max(0, in.length() - maxBytes));
        } catch (final IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * A port free now on 127.0.0.1, below the range the operating system gives client sockets (so that
     * no client connection takes it between a kill and the restart), and not given out before in this JVM.
     */
    static int freePort() {
        final int[] ephemeral = ephemeralRange();
        final int low = 10_000;
        final int high = Math.max(low + 1_000, ephemeral[0]);
        for (int attempt = 0; attempt < 200; attempt++) {
            final int candidate = ThreadLocalRandom.current().nextInt(low, high);
            if (!PORTS_GIVEN_OUT.contains(candidate) && bindable(candidate) && PORTS_GIVEN_OUT.add(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port found between " + low + " and " + high);
    }

    private static boolean bindable(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    private static int[] ephemeralRange() {
        try {
            final String[] parts = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (final IOException | RuntimeException e) {
            return new int[]{32_768, 60_999};
        }
    }

    /** Configuration of a {@link ServerProcess}. */
    public static final class Builder {

        private final @NotNull Path dataDir;
        private final @NotNull Map<Setting, String> config = new LinkedHashMap<>();
        private final @NotNull List<String> jvmArgs = new ArrayList<>(List.of("-Xmx512m"));
        private @NotNull Duration startTimeout = Duration.ofSeconds(90);
        private @NotNull Duration stopTimeout = Duration.ofSeconds(30);

        private Builder(final @NotNull Path dataDir) {
            this.dataDir = dataDir.toAbsolutePath().normalize();
        }

        /**
         * Sets a configuration key of {@code missive.properties} (passed as its {@code MISSIVE_*} variable).
         * {@code data.dir}, {@code mqtt.port}, {@code mqtt.bind-address}, {@code mongo.embedded-port} and
         * {@code redis.embedded-port} belong to the harness; {@code redis.uri} overrides
         * {@value TestRedis#URI_PROPERTY}.
         */
        public @NotNull Builder config(final @NotNull String key, final @NotNull String value) {
            final Setting configKey = Setting.byKey(key)
                    .orElseThrow(() -> new IllegalArgumentException("unknown configuration key " + key));
            if (configKey == Setting.DATA_DIR || configKey == Setting.MQTT_PORT
                    || configKey == Setting.MQTT_BIND_ADDRESS || configKey == Setting.MONGO_EMBEDDED_PORT
                    || configKey == Setting.REDIS_EMBEDDED_PORT) {
                throw new IllegalArgumentException(key + " is set by the harness");
            }
            config.put(configKey, value);
            return this;
        }

        /** An extra option of the child JVM (e.g. {@code -Xmx1g}, which overrides the default -Xmx512m). */
        public @NotNull Builder jvmArg(final @NotNull String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** How long {@link ServerProcess#start()} waits for the child to admit clients (default 90 s). */
        public @NotNull Builder startTimeout(final @NotNull Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** How long {@code stop()} and {@code kill9()} wait for the child to exit (default 30 s). */
        public @NotNull Builder stopTimeout(final @NotNull Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /** The server process, not started: its ports are chosen now. */
        public @NotNull ServerProcess build() {
            return new ServerProcess(this);
        }

        /** {@link #build()}, then {@link ServerProcess#start()}. */
        public @NotNull ServerProcess start() {
            return build().start();
        }
    }
}
