package io.missive.bench;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker under test, in a process of its own on 127.0.0.1: the raw HiveMQ CE reference, the
 * Missive server (its real jar, as an operator runs it), or Mosquitto. Its output goes to
 * {@code <dir>/server.log}.
 */
public final class ServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 120;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final @NotNull String name;
    private final @NotNull Process process;
    private final int port;
    private final @NotNull Map<String, Integer> ports;
    private @NotNull Optional<ServerProcess> store = Optional.empty();
    /** Null for a server that is no JVM (Mosquitto). */
    private final @Nullable Jmx jmx;
    private volatile @Nullable String answerPrefix;
    private volatile @NotNull CompletableFuture<String> answer = new CompletableFuture<>();

    private ServerProcess(final @NotNull String name, final @NotNull Process process, final int port,
                          final boolean java, final @NotNull Map<String, Integer> ports) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.ports = ports;
        this.jmx = java ? new Jmx(process.pid(), name) : null;
    }

    /** Embedded HiveMQ CE with no extension ({@link RawBroker}), with the harness's own class path. */
    public static @NotNull ServerProcess raw(final @NotNull Path dir, final @NotNull List<String> jvmOptions) {
        final int port = freePort();
        final List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RawBroker.class.getName(),
                String.valueOf(port), dir.toString()));
        return start("raw HiveMQ CE", command, Map.of(), dir, port, true, RawBroker.READY, Map.of());
    }

    /** A MongoDB-wire server in memory ({@link MemoryStore}), for a Missive server's {@code mongo.uri}. */
    public static @NotNull ServerProcess memoryStore(final @NotNull Path dir, final @NotNull List<String> jvmOptions) {
        final int port = freePort();
        final List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryStore.class.getName(),
                String.valueOf(port)));
        return start("memory store", command, Map.of(), dir, port, true, MemoryStore.READY, Map.of());
    }

    /**
     * The Missive server from its jar, as {@code bin/missive-server} starts it: with its embedded
     * MongoDB-wire store, or with {@code mongo.uri} pointing at {@code store}; embedded Redis; extra
     * settings as {@code MISSIVE_*} environment variables.
     */
    public static @NotNull ServerProcess missive(final @NotNull String name, final @NotNull Path serverJar,
                                                 final @NotNull Path dir, final @NotNull List<String> jvmOptions,
                                                 final @NotNull Map<String, String> settings,
                                                 final @NotNull Optional<ServerProcess> store) {
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalStateException("the Missive server jar " + serverJar + " does not exist: build it first "
                    + "(mvn -B -DskipTests install)");
        }
        final int port = freePort();
        final int mongoPort = store.map(ServerProcess::port).orElseGet(ServerProcess::freePort);
        final int redisPort = freePort();
        final List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serverJar.toString()));
        final Map<String, String> environment = new HashMap<>(settings);
        environment.put("MISSIVE_MQTT_PORT", String.valueOf(port));
        environment.put("MISSIVE_DATA_DIR", dir.resolve("data").toString());
        if (store.isPresent()) {
            environment.put("MISSIVE_MONGO_URI", "mongodb://127.0.0.1:" + mongoPort);
        } else {
            environment.put("MISSIVE_MONGO_EMBEDDED_PORT", String.valueOf(mongoPort));
        }
        environment.put("MISSIVE_REDIS_EMBEDDED_PORT", String.valueOf(redisPort));
        environment.put("MISSIVE_HTTP_PORT", ""); // no HTTP endpoints: nothing scrapes them here
        final ServerProcess server = start(name, command, environment, dir, port, true, "Missive started",
                Map.of("mongo", mongoPort, "redis", redisPort));
        server.store = store;
        return server;
    }

    /** Mosquitto, when it is installed: anonymous, no persistence, queues as deep as the raw broker's. */
    public static @NotNull Optional<ServerProcess> mosquitto(final @NotNull Path dir) {
        final Optional<Path> binary = Optional.ofNullable(System.getenv("MOSQUITTO"))
                .map(Path::of)
                .or(() -> List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto")
                        .stream().map(Path::of).filter(Files::isExecutable).findFirst());
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        final int port = freePort();
        final Path conf = dir.resolve("mosquitto.conf");
        try {
            Files.createDirectories(dir);
            Files.writeString(conf, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence false",
                    "max_queued_messages " + RawBroker.MAX_QUEUED_MESSAGES,
                    "log_type error",
                    "log_type warning",
                    "log_dest stdout",
                    ""));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final ServerProcess server = start("Mosquitto", List.of(binary.get().toString(), "-c", conf.toString()),
                Map.of(), dir, port, false, null, Map.of());
        return Optional.of(server);
    }

    private static @NotNull ServerProcess start(final @NotNull String name, final @NotNull List<String> command,
                                                final @NotNull Map<String, String> environment,
                                                final @NotNull Path dir, final int port, final boolean java,
                                                final @Nullable String readyLine,
                                                final @NotNull Map<String, Integer> ports) {
        final Path log = dir.resolve("server.log");
        final Process process;
        try {
            Files.createDirectories(dir);
            final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final ServerProcess server = new ServerProcess(name, process, port, java, ports);
        final Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    out.println(line);
                    out.flush();
                    if (readyLine != null && line.contains(readyLine)) {
                        ready.complete(null);
                    }
                    final String prefix = server.answerPrefix;
                    if (prefix != null && line.startsWith(prefix)) {
                        server.answer.complete(line.substring(prefix.length()));
                    }
                }
            } catch (final IOException e) {
                // the process is gone
            }
            ready.completeExceptionally(new IllegalStateException(name + " exited at start (exit code "
                    + exitCode(process) + "); see " + log));
        }, "output-of-" + name);
        pump.setDaemon(true);
        pump.start();
        try {
            if (readyLine != null) {
                ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            server.awaitListening();
        } catch (final Exception e) {
            server.close();
            throw new IllegalStateException(name + " did not start: " + e.getMessage() + " (log: " + log + ")", e);
        }
        return server;
    }

    private void awaitListening() throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with code " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return;
            } catch (final IOException e) {
                Thread.sleep(50); // polling a port another process opens: nothing to wait on instead
            }
        }
        throw new IllegalStateException("port " + port + " did not open");
    }

    public @NotNull String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** A port of a part the server started (Missive: "mongo", "redis"). */
    public int port(final @NotNull String part) {
        final Integer value = ports.get(part);
        if (value == null) {
            throw new IllegalArgumentException(name + " has no " + part);
        }
        return value;
    }

    /**
     * MongoDB commands served so far by the store of this Missive server, when the run gave it one
     * it can ask ({@link MemoryStore}): by command and collection.
     */
    public @NotNull Optional<Map<String, Long>> storeCommands() {
        return store.map(ServerProcess::commandsServed);
    }

    private synchronized @NotNull Map<String, Long> commandsServed() {
        answer = new CompletableFuture<>();
        answerPrefix = MemoryStore.COMMANDS_PREFIX;
        try {
            process.getOutputStream().write("commands\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            final String text = answer.get(30, TimeUnit.SECONDS);
            final Map<String, Long> counts = new TreeMap<>();
            // {command collection=n, ...}
            for (final String entry : text.substring(1, text.length() - 1).split(", ")) {
                final int eq = entry.lastIndexOf('=');
                if (eq > 0) {
                    counts.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
                }
            }
            return counts;
        } catch (final Exception e) {
            throw new IllegalStateException("the store did not say what it served: " + e, e);
        } finally {
            answerPrefix = null;
        }
    }

    /** The difference of two {@link #storeCommands()} readings: total per command and collection. */
    static @NotNull Map<String, Long> difference(final @NotNull Map<String, Long> after,
                                                 final @NotNull Map<String, Long> before) {
        final Map<String, Long> diff = new TreeMap<>();
        after.forEach((k, v) -> {
            final long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                diff.put(k, d);
            }
        });
        return diff;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * A gauge of the server's metric registry (e.g. {@code io.missive.mongo.commands}), read over JMX
     * through the attach API (HiveMQ exposes its registry as MBeans {@code metrics:name=...}).
     */
    public long metric(final @NotNull String name) {
        return jmx().gauge(name);
    }

    /** The JMX connection to this server's JVM (attached on first use); fails for a server that is no JVM. */
    @NotNull Jmx jmx() {
        if (jmx == null) {
            throw new IllegalStateException(this.name + " has no JVM metrics");
        }
        return jmx;
    }

    public boolean isJava() {
        return jmx != null;
    }

    /** CPU seconds (user + system) this server's own process has consumed so far, from /proc. */
    public double ownCpuSeconds() {
        return MachineCpu.processSeconds(process.pid());
    }

    /** The separate store process this Missive server uses (the memory store), if any. */
    public @NotNull Optional<ServerProcess> store() {
        return store;
    }

    /** Resident set size of the process, from /proc (0 where there is no /proc). */
    public long rssBytes() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (final IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /**
     * Java heap in use right after a full collection (jcmd GC.run, then GC.heap_info): the memory the
     * broker really holds, without the garbage RSS also counts. Empty for a non-Java server.
     */
    public @NotNull Optional<Long> liveHeapBytes() {
        if (jmx == null) {
            return Optional.empty();
        }
        try {
            jcmd("GC.run");
            final Matcher matcher = HEAP_USED.matcher(jcmd("GC.heap_info"));
            return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1)) * 1024) : Optional.empty();
        } catch (final IOException e) {
            return Optional.empty();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private @NotNull String jcmd(final @NotNull String command) throws IOException, InterruptedException {
        final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        final Process run = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), command)
                .redirectErrorStream(true).start();
        final String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(60, TimeUnit.SECONDS)) {
            run.destroyForcibly();
        }
        return output;
    }

    @Override
    public void close() {
        if (jmx != null) {
            jmx.close();
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static @NotNull String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static @NotNull String exitCode(final @NotNull Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
