package io.missive.bench;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The benchmark command: starts the raw HiveMQ CE reference, the Missive server and (when installed)
 * Mosquitto, each in its own process on 127.0.0.1, runs every scenario against them in alternating
 * rounds, and prints one table, then where the time of each closed-loop run went. Usage:
 * {@code bin/missive-bench [--smoke] [--rounds N] [--only direct,fanout,resume,connections]
 * [--store memory,embedded] [--no-mosquitto] [--measure SECONDS] [--steady SLICE,MIN,MAX] [--out FILE]}
 * ({@code --measure}: the measured window of every run; {@code --steady}: the warm-up, in seconds).
 */
public final class Bench {

    /**
     * The Missive configurations: "memory" reaches a MongoDB-wire store held in memory through
     * {@code mongo.uri} (standing in for a real MongoDB), "embedded" is the default embedded store
     * (durable file, in the server's process).
     */
    public static final @NotNull List<String> STORES = List.of("memory", "embedded");
    static final @NotNull Map<String, String> STORE_NAMES = Map.of("memory", "Missive (memory store)",
            "embedded", "Missive (embedded store)");
    /** Scenario names, in the order they run. */
    public static final @NotNull List<String> SCENARIOS = List.of("direct", "fanout", "resume", "connections");
    /** The same JVM options for every Java server, so their memory compares. */
    static final @NotNull List<String> SERVER_JVM_OPTIONS = List.of("-Xms256m", "-Xmx4g", "-XX:+UseG1GC");
    /**
     * The in-memory store stands in for a MongoDB server, which has no garbage collector: ZGC keeps
     * its pauses (G1 paused it for up to 200 ms, holding every document in its heap) out of
     * Missive's latency. It holds every document of the run (about a million after the 1:1
     * scenario): with 4 GB it ran out of heap and stalled.
     */
    static final @NotNull List<String> STORE_JVM_OPTIONS = List.of("-Xms2g", "-Xmx12g", "-XX:+UseZGC");
    /** Missive settings for the run: presence announced at once, so its latency is the work, not the debounce. */
    // the load generator's devices send far more than a person does: no per-device rate limits
    static final @NotNull Map<String, String> MISSIVE_SETTINGS = Map.of("MISSIVE_PRESENCE_DEBOUNCE_MS", "0",
            "MISSIVE_LIMITS_MESSAGES_PER_SECOND", "0", "MISSIVE_LIMITS_REQUESTS_PER_SECOND", "0",
            "MISSIVE_LIMITS_LOOKUPS_PER_MINUTE", "0");

    private Bench() {
    }

    /** What to run. */
    public record Options(@NotNull Profile profile, @NotNull Set<String> scenarios, @NotNull Set<String> stores,
                          boolean mosquitto,
                          @NotNull Path serverJar, @NotNull Path workDir, @Nullable Path out) {
    }

    public static void main(final String[] args) {
        final Options options;
        try {
            options = parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("missive-bench: " + e.getMessage());
            System.err.println("usage: missive-bench [--smoke] [--rounds N] [--only " + String.join(",", SCENARIOS)
                    + "] [--store " + String.join(",", STORES) + "] [--no-mosquitto] [--pairs N] [--window N] "
                    + "[--groups N,N] [--measure SECONDS] [--steady SLICE,MIN,MAX] [--server-jar FILE] [--out FILE]");
            System.exit(2);
            return;
        }
        final String table = run(options, line -> System.err.println("bench: " + line)).markdown();
        System.out.println(table);
        System.exit(0);
    }

    static @NotNull Options parse(final String @NotNull [] args) {
        Profile profile = Profile.full();
        Integer rounds = null;
        Integer pairs = null;
        List<Integer> groups = null;
        Integer window = null;
        Duration measure = null;
        SteadyState.Plan steady = null;
        Set<String> scenarios = new LinkedHashSet<>(SCENARIOS);
        Set<String> stores = new LinkedHashSet<>(STORES);
        boolean mosquitto = true;
        Path serverJar = Path.of(System.getProperty("missive.bench.server-jar", "im-server/target/missive-server.jar"));
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> profile = Profile.smoke();
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, "--rounds"));
                case "--groups" -> groups = Arrays.stream(value(args, ++i, "--groups").split(","))
                        .map(Integer::parseInt).toList();
                case "--pairs" -> pairs = Integer.parseInt(value(args, ++i, "--pairs"));
                case "--window" -> window = Integer.parseInt(value(args, ++i, "--window"));
                case "--measure" -> measure = Duration.ofSeconds(Integer.parseInt(value(args, ++i, "--measure")));
                case "--steady" -> {
                    final List<Duration> plan = Arrays.stream(value(args, ++i, "--steady").split(","))
                            .map(seconds -> Duration.ofSeconds(Integer.parseInt(seconds))).toList();
                    if (plan.size() != 3) {
                        throw new IllegalArgumentException("--steady needs SLICE,MIN,MAX in seconds");
                    }
                    steady = new SteadyState.Plan(plan.get(0), plan.get(1), plan.get(2));
                }
                case "--only" -> {
                    scenarios = new LinkedHashSet<>(List.of(value(args, ++i, "--only").split(",")));
                    if (!SCENARIOS.containsAll(scenarios)) {
                        throw new IllegalArgumentException("unknown scenario in " + scenarios + "; known: " + SCENARIOS);
                    }
                }
                case "--store" -> {
                    stores = new LinkedHashSet<>(List.of(value(args, ++i, "--store").split(",")));
                    if (!STORES.containsAll(stores)) {
                        throw new IllegalArgumentException("unknown store in " + stores + "; known: " + STORES);
                    }
                }
                case "--no-mosquitto" -> mosquitto = false;
                case "--server-jar" -> serverJar = Path.of(value(args, ++i, "--server-jar"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (rounds != null) {
            if (rounds < 1 || rounds > 20) {
                throw new IllegalArgumentException("--rounds must be 1..20");
            }
            profile = profile.withRounds(rounds);
        }
        if (pairs != null || window != null) {
            profile = profile.withPairs(pairs == null ? profile.pairs() : pairs, window == null ? profile.window() : window);
        }
        if (groups != null) {
            profile = profile.withGroupSizes(groups);
        }
        if (measure != null || steady != null) {
            if (measure != null && measure.isZero()) {
                throw new IllegalArgumentException("--measure must be at least 1 s");
            }
            profile = profile.withTiming(measure == null ? profile.measure() : measure,
                    steady == null ? profile.steady() : steady);
        }
        final Path work;
        try {
            work = Files.createTempDirectory("missive-bench-");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Options(profile, scenarios, stores, mosquitto, serverJar, work, out);
    }

    private static @NotNull String value(final String @NotNull [] args, final int i, final @NotNull String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    /** What a run measured, and the same as the Markdown it printed. */
    public record Outcome(@NotNull Report report, @NotNull String markdown) {
    }

    /** Runs the selected scenarios; the report's Markdown is also written to {@code out} when set. */
    public static @NotNull Outcome run(final @NotNull Options options, final @NotNull Consumer<String> log) {
        final Instant started = Instant.now();
        final List<AutoCloseable> servers = new CopyOnWriteArrayList<>();
        // a run stopped from outside (Ctrl-C, SIGTERM) takes its servers with it
        final Thread stopServers = new Thread(() -> closeAll(servers, log), "bench-stop-servers");
        Runtime.getRuntime().addShutdownHook(stopServers);
        try {
            log.accept("profile " + options.profile().name() + ", work dir " + options.workDir());
            final Report report = new Report();
            List<String> missiveNames = List.of();
            Optional<String> mosquittoName = Optional.empty();
            String rawName = "";
            // fresh servers for every scenario, unless the profile shares them (Profile.freshServersPerScenario)
            ServerProcess raw = null;
            List<ServerProcess> missives = List.of();
            Optional<ServerProcess> mosquitto = Optional.empty();
            for (final String scenario : options.scenarios()) {
                if (raw == null) {
                    final Path dir = options.workDir().resolve(scenario);
                    raw = ServerProcess.raw(dir.resolve("raw"), SERVER_JVM_OPTIONS);
                    servers.add(raw);
                    missives = startMissives(options, dir, servers);
                    mosquitto = options.mosquitto() ? ServerProcess.mosquitto(dir.resolve("mosquitto")) : Optional.empty();
                    mosquitto.ifPresent(servers::add);
                }
                final ServerProcess rawServer = raw;
                log.accept("scenario " + scenario + ": raw HiveMQ CE on " + raw.port() + ", "
                        + String.join(", ", missives.stream().map(m -> m.name() + " on " + m.port()).toList())
                        + mosquitto.map(m -> ", Mosquitto on " + m.port()).orElse(", no Mosquitto"));
                rawName = rawServer.name();
                missiveNames = missives.stream().map(ServerProcess::name).toList();
                mosquittoName = mosquitto.map(ServerProcess::name);
                try (Context ctx = new Context(options.profile(), rawServer, missives, mosquitto, report, log)) {
                    switch (scenario) {
                        case "direct" -> Direct.run(ctx);
                        case "fanout" -> options.profile().groupSizes().forEach(size -> Fanout.run(ctx, size));
                        case "resume" -> Resume.run(ctx);
                        case "connections" -> Connections.run(ctx);
                        default -> throw new IllegalArgumentException(scenario);
                    }
                } catch (final RuntimeException e) {
                    // the other scenarios still run; the table says what failed
                    log.accept("scenario " + scenario + " failed: " + e);
                    report.note("scenario " + scenario + " failed: " + e.getMessage());
                } finally {
                    if (options.profile().freshServersPerScenario()) {
                        closeAll(servers, log);
                        raw = null;
                    }
                }
            }
            final String table = header(options, started) + report.markdown(missiveNames, rawName,
                    mosquittoName.map(List::of).orElse(List.of()));
            if (options.out() != null) {
                Files.writeString(options.out(), table);
            }
            return new Outcome(report, table);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            closeAll(servers, log);
            try {
                Runtime.getRuntime().removeShutdownHook(stopServers);
            } catch (final IllegalStateException e) {
                // the JVM is shutting down already; the hook finds nothing left to stop
            }
            deleteQuietly(options.workDir());
        }
    }

    private static @NotNull List<ServerProcess> startMissives(final @NotNull Options options, final @NotNull Path dir,
                                                              final @NotNull List<AutoCloseable> servers) {
        final List<String> missiveJvm = new ArrayList<>(SERVER_JVM_OPTIONS);
        // e.g. a flight recording of the server: MISSIVE_BENCH_SERVER_OPTS=-XX:StartFlightRecording=filename=s.jfr
        Optional.ofNullable(System.getenv("MISSIVE_BENCH_SERVER_OPTS"))
                .ifPresent(opts -> missiveJvm.addAll(List.of(opts.trim().split("\\s+"))));
        final List<ServerProcess> missives = new ArrayList<>();
        for (final String store : options.stores()) {
            final List<String> storeJvm = new ArrayList<>(STORE_JVM_OPTIONS);
            Optional.ofNullable(System.getenv("MISSIVE_BENCH_STORE_OPTS"))
                    .ifPresent(opts -> storeJvm.addAll(List.of(opts.trim().split("\\s+"))));
            final Optional<ServerProcess> external = store.equals("memory")
                    ? Optional.of(ServerProcess.memoryStore(dir.resolve("store-" + store), storeJvm))
                    : Optional.empty();
            external.ifPresent(servers::add);
            final ServerProcess missive = ServerProcess.missive(STORE_NAMES.get(store), options.serverJar(),
                    dir.resolve("missive-" + store), missiveJvm, MISSIVE_SETTINGS, external);
            servers.add(missive);
            missives.add(missive);
        }
        return missives;
    }

    private static void closeAll(final @NotNull List<AutoCloseable> servers, final @NotNull Consumer<String> log) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (final Exception e) {
                log.accept("stopping a server: " + e);
            }
        }
        servers.clear();
    }

    private static @NotNull String header(final @NotNull Options options, final @NotNull Instant started) {
        final Profile p = options.profile();
        return String.format(Locale.ROOT, "Missive benchmark, profile %s: %d round(s) per figure (median (min–max)); "
                        + "each server %s, then %s warm-up + %s measured per run; %d-byte payloads; %d cores, Java %s; "
                        + "took %d s%n%n", p.name(), p.rounds(), p.steady().describe(), SteadyState.seconds(p.warmup()),
                SteadyState.seconds(p.measure()), p.payloadBytes(), Runtime.getRuntime().availableProcessors(),
                Runtime.version().feature(), Duration.between(started, Instant.now()).toSeconds());
    }

    private static void deleteQuietly(final @NotNull Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException | UncheckedIOException e) {
            // a temporary directory
        }
    }
}
