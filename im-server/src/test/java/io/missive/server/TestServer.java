package io.missive.server;

import io.missive.server.redis.EmbeddedRedis;
import io.missive.server.users.UserAccounts;
import io.missive.storage.MongoStores;
import io.missive.storage.user.PasswordHasher;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real Missive server (embedded HiveMQ + the extension from its zip + the embedded store + Redis) for
 * the tests of one class: started before the first test on free ports in a temporary data directory,
 * closed (and the directory deleted) after the last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer SERVER = TestServer.create();                       // defaults
 * @RegisterExtension
 * static final TestServer OPEN = TestServer.with(c -> c.set("auth.self-registration", "true"));
 *
 * @Test
 * void alice_connects() {
 *     final String alice = SERVER.createUser("alice");                      // unique id, password SERVER.password(alice)
 *     connect(SERVER.mqttUri(), alice, SERVER.password(alice));
 * }
 * }</pre>
 *
 * <p>Redis: the server's embedded one (free port, empty at start), unless the system property
 * {@value TestRedis#URI_PROPERTY} names an external Redis: then {@code redis.uri} is set to it and it is
 * emptied (FLUSHALL) before the server starts (see {@link TestRedis}). {@link #redisUri()} is the one in
 * use. Fault tests declare {@code TestServer.with(...).withStoppableRedis()}: the harness then runs an
 * {@link EmbeddedRedis} of its own and hands it to the server by {@code redis.uri}, as an operator's Redis
 * would be, and the test can {@link #stopRedis()} and {@link #startRedis()} it (it comes back EMPTY on the
 * same port); such tests call {@link TestRedis#assumeEmbedded()} first, so that they are skipped with an
 * external Redis. Tests that exercise Redis carry {@code @Tag("redis")} ({@link TestRedis#TAG}).
 *
 * <p>Shared: a class annotated {@link SharesServer} declares {@code TestServer.shared()} instead and
 * uses the one server of the default configuration that the classes of the test run share (in one test
 * JVM): started by the first such class, kept while the next class shares it too, closed before a class
 * that needs a server of its own (or none: see {@link EndToEnd}) and at the end of the run.
 * When one JVM runs all the classes, {@link EndToEndClassOrder} runs the sharing ones one after another,
 * so that it starts once; when several JVMs each take the next class, a JVM keeps it for as long as the
 * classes it takes share it. A sharing class must not depend on an empty store or Redis, nor on what other classes do to the
 * server: it makes its own users ({@link #createUser(String)} ids are unique in the JVM), asserts no
 * global count or gauge that other classes' traffic moves, and changes nothing other classes see
 * (no {@link #stopRedis()}, no flushing, no overload); such a class keeps a server of its own.
 *
 * <p>Outside JUnit: {@link #start()} and {@link #close()}. One server per JVM at a time: {@link #start()}
 * closes the shared server first.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** Cheap Argon2 parameters: the extension verifies any parameters encoded in the hash. */
    private static final @NotNull PasswordHasher FAST_HASHER = new PasswordHasher(1024, 1, 1);
    private static final @NotNull AtomicInteger SEQUENCE = new AtomicInteger();

    private static final @NotNull ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestServer.class);
    /** The profile of {@link #shared()}: the default configuration. */
    private static final @NotNull String DEFAULT_PROFILE = "default";
    /** The shared server running in this JVM, if any (guarded by the class). */
    private static @Nullable Instance sharedInstance;

    private final @NotNull Consumer<ServerConfig.Builder> customizer;
    /** The profile of a shared server; null for a server of its own. */
    private final @Nullable String profile;
    /** Whether the harness runs the server's Redis (so that a test can stop and start it). */
    private final boolean stoppableRedis;
    private @Nullable Instance instance;

    private TestServer(final @NotNull Consumer<ServerConfig.Builder> customizer, final @Nullable String profile,
                       final boolean stoppableRedis) {
        this.customizer = customizer;
        this.profile = profile;
        this.stoppableRedis = stoppableRedis;
    }

    /** A server with the default configuration (free ports, temporary data directory). */
    public static @NotNull TestServer create() {
        return new TestServer(builder -> {
        }, null, false);
    }

    /**
     * The server with the default configuration (except the per-device rate limits, off: sharing classes
     * send in bulk from single devices) that every class annotated {@link SharesServer} uses: it
     * is not started nor closed for this class alone (see the class comment). Only with
     * {@code @RegisterExtension}, in a class annotated {@link SharesServer}.
     */
    public static @NotNull TestServer shared() {
        return new TestServer(builder -> {
        }, DEFAULT_PROFILE, false);
    }

    /** A server whose configuration the customizer may change (ports and data directory are set before it runs). */
    public static @NotNull TestServer with(final @NotNull Consumer<ServerConfig.Builder> customizer) {
        return new TestServer(customizer, null, false);
    }

    /**
     * This server, with a Redis that the harness runs and the test may {@link #stopRedis()} and
     * {@link #startRedis()}: an {@link EmbeddedRedis} given to the server by {@code redis.uri}. With an
     * external Redis ({@value TestRedis#URI_PROPERTY}) that one is used as usual, and cannot be stopped.
     */
    public @NotNull TestServer withStoppableRedis() {
        if (profile != null) {
            throw new IllegalStateException("the shared server's Redis cannot be stopped: other classes use it");
        }
        return new TestServer(customizer, null, true);
    }

    @Override
    public void beforeAll(final @NotNull ExtensionContext context) {
        if (profile == null) {
            start();
            return;
        }
        final Class<?> testClass = context.getRequiredTestClass();
        if (!EndToEndClassOrder.sharesServer(testClass)) {
            throw new IllegalStateException(testClass.getName() + " declares TestServer.shared(): annotate it with"
                    + " @SharesServer, so that the sharing classes run one after another");
        }
        if (instance != null) {
            throw new IllegalStateException("already started");
        }
        synchronized (TestServer.class) {
            if (sharedInstance != null && !profile.equals(sharedInstance.profile)) {
                closeShared();
            }
            if (sharedInstance == null) {
                // closed when the launcher session ends (the end of this test JVM's run), unless closed before
                context.getStore(ExtensionContext.StoreScope.LAUNCHER_SESSION, NAMESPACE)
                        .getOrComputeIfAbsent(SessionEnd.class, type -> new SessionEnd(), SessionEnd.class);
                // the classes sharing it send in bulk from single devices: no per-device rate limits there
                sharedInstance = Instance.start(builder -> builder.set("limits.messages-per-second", "0")
                        .set("limits.requests-per-second", "0"), profile, false);
            }
            instance = sharedInstance;
        }
    }

    @Override
    public void afterAll(final @NotNull ExtensionContext context) {
        if (profile == null) {
            close();
        } else {
            instance = null; // the shared server runs on for the next class that shares it
        }
    }

    /**
     * Closes the shared server if one runs in this JVM (before anything else starts a server here).
     * {@link EndToEnd} does it before every class that does not share it.
     */
    public static void closeShared() {
        synchronized (TestServer.class) {
            final Instance running = sharedInstance;
            sharedInstance = null;
            if (running != null) {
                running.close();
            }
        }
    }

    /** Starts the server; blocks until it admits clients. Not for {@link #shared()}. */
    public @NotNull TestServer start() {
        if (profile != null) {
            throw new IllegalStateException("the shared server is started by JUnit: register it with @RegisterExtension");
        }
        if (instance != null) {
            throw new IllegalStateException("already started");
        }
        closeShared();
        instance = Instance.start(customizer, null, stoppableRedis);
        return this;
    }

    public @NotNull MissiveServer server() {
        return instance().server;
    }

    private @NotNull Instance instance() {
        final Instance started = instance;
        if (started == null) {
            throw new IllegalStateException("not started");
        }
        return started;
    }

    /** E.g. {@code tcp://127.0.0.1:41234}. */
    public @NotNull String mqttUri() {
        return server().mqttUri();
    }

    public int mqttPort() {
        return server().mqttPort();
    }

    /** The Redis the extension uses, e.g. {@code redis://127.0.0.1:41235} (embedded) or the external one. */
    public @NotNull String redisUri() {
        return server().redisUri();
    }

    /** True when the server runs its embedded Redis (no {@value TestRedis#URI_PROPERTY}, no {@code redis.uri}). */
    public boolean embeddedRedis() {
        return server().embeddedRedis();
    }

    /** True when the test may {@link #stopRedis()}: {@link #withStoppableRedis()} and no external Redis. */
    public boolean redisStoppable() {
        return instance().redis != null;
    }

    /**
     * Stops the server's Redis (a Redis outage for the extension); {@link #startRedis()} brings it back.
     *
     * @throws IllegalStateException unless {@link #redisStoppable()}
     */
    public void stopRedis() {
        stoppable().stop();
    }

    /**
     * Starts the server's Redis again, EMPTY (as after a crash: nothing persisted), on the same port, so
     * the extension's clients reconnect to the same URI. Stops it first if it runs.
     *
     * @throws IllegalStateException unless {@link #redisStoppable()}
     */
    public void startRedis() {
        stoppable().restart();
    }

    private @NotNull EmbeddedRedis stoppable() {
        final EmbeddedRedis redis = instance().redis;
        if (redis == null) {
            throw new IllegalStateException(stoppableRedis
                    ? "the tests use the external Redis " + TestRedis.externalUri().orElse("") + ": call TestRedis.assumeEmbedded() first"
                    : "declare the server with .withStoppableRedis() to stop and start its Redis");
        }
        return redis;
    }

    /** The stores the extension uses (same MongoDB, same database), for setting up and checking data. */
    public @NotNull MongoStores stores() {
        return instance().stores;
    }

    /** A user id no other call returned in this JVM, e.g. {@code alice-7}. */
    public @NotNull String uniqueUserId(final @NotNull String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** Creates a user with a unique id derived from {@code prefix} and the password {@link #password(String)}. */
    public @NotNull String createUser(final @NotNull String prefix) {
        final String userId = uniqueUserId(prefix);
        createUser(userId, password(userId), null);
        return userId;
    }

    /**
     * Creates a user, as {@code missive-server users add} does.
     *
     * @throws IllegalStateException when the user exists already
     */
    public void createUser(final @NotNull String userId, final @NotNull String password,
                           final @Nullable String displayName) {
        final boolean created = new UserAccounts(stores(), FAST_HASHER, Runnable::run)
                .create(userId, password, displayName).join();
        if (!created) {
            throw new IllegalStateException("user " + userId + " exists already");
        }
    }

    /**
     * Creates many users at once (for big groups), all with the password {@link #BULK_PASSWORD}
     * hashed once; completes when every one is stored.
     */
    public @NotNull List<String> createUsers(final @NotNull String prefix, final int count) {
        final String hash = FAST_HASHER.hash(BULK_PASSWORD);
        final List<String> ids = new ArrayList<>(count);
        final List<CompletableFuture<Boolean>> writes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final String id = uniqueUserId(prefix);
            ids.add(id);
            writes.add(stores().users().create(id, hash, id));
        }
        CompletableFuture.allOf(writes.toArray(new CompletableFuture[0])).join();
        if (writes.stream().anyMatch(w -> !w.join())) {
            throw new IllegalStateException("a bulk user existed already");
        }
        return ids;
    }

    /** The password of users made by {@link #createUsers(String, int)}. */
    public static final @NotNull String BULK_PASSWORD = "bulk-members-password";

    /** The password {@link #createUser(String)} gives a user. */
    public @NotNull String password(final @NotNull String userId) {
        return "secret-of-" + userId;
    }

    /**
     * Stops the server and deletes its data directory. Idempotent. For {@link #shared()}: only lets go of
     * it (the shared server runs on).
     */
    @Override
    public void close() {
        final Instance started = instance;
        instance = null;
        if (started != null && profile == null) {
            started.close();
        }
    }

    /** A running server with its data directory and a client of its store. */
    private static final class Instance {

        private final @Nullable String profile;
        private final @NotNull Path dataDir;
        private final @NotNull MissiveServer server;
        private final @NotNull MongoStores stores;
        /** The Redis the harness runs for the server, when the test may stop it. */
        private final @Nullable EmbeddedRedis redis;

        private Instance(final @Nullable String profile, final @NotNull Path dataDir,
                         final @NotNull MissiveServer server, final @Nullable EmbeddedRedis redis) {
            this.profile = profile;
            this.dataDir = dataDir;
            this.server = server;
            this.redis = redis;
            this.stores = new MongoStores(server.mongoUri(), server.mongoDatabase(), ForkJoinPool.commonPool());
        }

        static @NotNull Instance start(final @NotNull Consumer<ServerConfig.Builder> customizer,
                                       final @Nullable String profile, final boolean stoppableRedis) {
            if ("test".equals(System.getProperty("missive.test.phase"))) {
                throw new IllegalStateException("a server is started by a unit test: mark the test class @EndToEnd,"
                        + " so that it runs in the integration-test phase (mvn verify)");
            }
            final Path dataDir;
            try {
                dataDir = Files.createTempDirectory("missive-test-");
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            final ServerConfig.Builder builder = ServerConfig.builder()
                    .dataDir(dataDir)
                    .mqttPort(0)
                    .mongoEmbeddedPort(0)
                    .redisEmbeddedPort(0)
                    .httpPort(0);
            TestRedis.externalUri().ifPresent(builder::redisUri);
            EmbeddedRedis redis = null;
            try {
                if (stoppableRedis && TestRedis.externalUri().isEmpty()) {
                    redis = EmbeddedRedis.start(dataDir.resolve("test-redis"), 0);
                    builder.redisUri(redis.uri());
                }
                customizer.accept(builder);
                final ServerConfig config = builder.build();
                if (config.redisUri().isPresent() && config.redisUri().equals(TestRedis.externalUri())) {
                    TestRedis.flushAll(config.redisUri().get());
                }
                return new Instance(profile, dataDir, MissiveServer.start(config), redis);
            } catch (final RuntimeException e) {
                if (redis != null) {
                    redis.close();
                }
                deleteDataDir(dataDir);
                throw e;
            }
        }

        void close() {
            try {
                stores.close();
            } finally {
                try {
                    server.close();
                } finally {
                    if (redis != null) {
                        redis.close();
                    }
                    deleteDataDir(dataDir);
                }
            }
        }
    }

    /** Closes the shared server at the end of the launcher session (held in its store). */
    private static final class SessionEnd implements AutoCloseable {

        @Override
        public void close() {
            closeShared();
        }
    }

    private static void deleteDataDir(final @NotNull Path dataDir) {
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
