package io.missive.server;

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
 * use. Fault tests can {@link #stopRedis()} and {@link #startRedis()} the embedded one (it comes back
 * EMPTY on the same port); they call {@link TestRedis#assumeEmbedded()} first, so that they are skipped
 * with an external Redis. Tests that exercise Redis carry {@code @Tag("redis")} ({@link TestRedis#TAG}).
 *
 * <p>Outside JUnit: {@link #start()} and {@link #close()}. One server per JVM at a time.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** Cheap Argon2 parameters: the extension verifies any parameters encoded in the hash. */
    private static final @NotNull PasswordHasher FAST_HASHER = new PasswordHasher(1024, 1, 1);
    private static final @NotNull AtomicInteger SEQUENCE = new AtomicInteger();

    private final @NotNull Consumer<ServerConfig.Builder> customizer;
    private @Nullable Path dataDir;
    private @Nullable MissiveServer server;
    private @Nullable MongoStores stores;

    private TestServer(final @NotNull Consumer<ServerConfig.Builder> customizer) {
        this.customizer = customizer;
    }

    /** A server with the default configuration (free ports, temporary data directory). */
    public static @NotNull TestServer create() {
        return new TestServer(builder -> {
        });
    }

    /** A server whose configuration the customizer may change (ports and data directory are set before it runs). */
    public static @NotNull TestServer with(final @NotNull Consumer<ServerConfig.Builder> customizer) {
        return new TestServer(customizer);
    }

    @Override
    public void beforeAll(final @NotNull ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(final @NotNull ExtensionContext context) {
        close();
    }

    /** Starts the server; blocks until it admits clients. */
    public @NotNull TestServer start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        if ("test".equals(System.getProperty("missive.test.phase"))) {
            throw new IllegalStateException("a server is started by a unit test: mark the test class @EndToEnd,"
                    + " so that it runs in the integration-test phase (mvn verify)");
        }
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
        customizer.accept(builder);
        try {
            final ServerConfig config = builder.build();
            if (config.redisUri().isPresent() && config.redisUri().equals(TestRedis.externalUri())) {
                TestRedis.flushAll(config.redisUri().get());
            }
            server = MissiveServer.start(config);
        } catch (final RuntimeException e) {
            deleteDataDir();
            throw e;
        }
        stores = new MongoStores(server.mongoUri(), server.mongoDatabase(), ForkJoinPool.commonPool());
        return this;
    }

    public @NotNull MissiveServer server() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server;
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

    /**
     * Stops the embedded Redis (a Redis outage for the extension); {@link #startRedis()} brings it back.
     * Only with the embedded Redis: call {@link TestRedis#assumeEmbedded()} first.
     *
     * @throws IllegalStateException with an external Redis
     */
    public void stopRedis() {
        server().stopEmbeddedRedisForTest();
    }

    /**
     * Starts the embedded Redis again, EMPTY (as after a crash: nothing persisted), on the same port, so
     * the extension's clients reconnect to the same URI. Stops it first if it runs. Only with the embedded
     * Redis: call {@link TestRedis#assumeEmbedded()} first.
     *
     * @throws IllegalStateException with an external Redis
     */
    public void startRedis() {
        server().startEmbeddedRedisForTest();
    }

    /** The stores the extension uses (same MongoDB, same database), for setting up and checking data. */
    public @NotNull MongoStores stores() {
        server();
        return stores;
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

    /** Stops the server and deletes its data directory. Idempotent. */
    @Override
    public void close() {
        if (stores != null) {
            stores.close();
            stores = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        deleteDataDir();
    }

    private void deleteDataDir() {
        if (dataDir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        dataDir = null;
    }
}
