package io.missive.server.users;

import io.missive.server.DataDirLock;
import io.missive.server.ServerConfig;
import io.missive.server.store.EmbeddedStore;
import io.missive.storage.MongoStores;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The store an administration command works on, as configured:
 * <ul>
 *     <li>{@code mongo.uri} set: that MongoDB;</li>
 *     <li>otherwise, when a server runs on {@code data.dir} (it holds the data dir lock): its embedded
 *         store, at the port it announced in {@code <data.dir>/mongo/port};</li>
 *     <li>otherwise the embedded store's file itself, opened for the duration of the command (holding
 *         the data dir lock, so no server starts on it meanwhile).</li>
 * </ul>
 */
public final class StoreConnection implements AutoCloseable {

    private static final long PING_TIMEOUT_SECONDS = 15;

    private final @NotNull MongoStores stores;
    private final @NotNull String description;
    private final @Nullable EmbeddedStore store;
    private final @Nullable DataDirLock lock;

    private StoreConnection(final @NotNull MongoStores stores, final @NotNull String description,
                            final @Nullable EmbeddedStore store, final @Nullable DataDirLock lock) {
        this.stores = stores;
        this.description = description;
        this.store = store;
        this.lock = lock;
    }

    /** @throws IllegalStateException with a message for the operator when the store cannot be reached */
    public static @NotNull StoreConnection open(final @NotNull ServerConfig config) {
        if (config.mongoUri().isPresent()) {
            return connect(config.mongoUri().get(), config.mongoDatabase(), "MongoDB (mongo.uri)", null, null);
        }
        final Path dataDir = config.dataDir().toAbsolutePath().normalize();
        final Path storeDir = dataDir.resolve("mongo");
        try {
            Files.createDirectories(dataDir);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create data.dir " + dataDir + ": " + e, e);
        }
        final DataDirLock lock = DataDirLock.tryAcquire(dataDir).orElse(null);
        if (lock == null) {
            final int port = EmbeddedStore.announcedPort(storeDir).orElseThrow(() -> new IllegalStateException(
                    "a Missive server runs on " + dataDir + " but announced no embedded store port in "
                            + storeDir + "/port (does it use mongo.uri? then use the same configuration)"));
            return connect("mongodb://127.0.0.1:" + port, config.mongoDatabase(),
                    "the embedded store of the server running on " + dataDir, null, null);
        }
        final EmbeddedStore store;
        try {
            store = EmbeddedStore.start(storeDir, 0);
        } catch (final RuntimeException e) {
            lock.close();
            throw new IllegalStateException(e.getMessage(), e);
        }
        return connect(store.uri(), config.mongoDatabase(), "the embedded store " + store.file(), store, lock);
    }

    private static @NotNull StoreConnection connect(final @NotNull String uri, final @NotNull String database,
                                                    final @NotNull String description,
                                                    final @Nullable EmbeddedStore store,
                                                    final @Nullable DataDirLock lock) {
        final MongoStores stores = new MongoStores(uri, database, Runnable::run);
        final StoreConnection connection = new StoreConnection(stores, description, store, lock);
        try {
            stores.ping().get(PING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            stores.ensureIndexes().get(PING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return connection;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
            throw new IllegalStateException("interrupted while connecting to " + description, e);
        } catch (final ExecutionException | TimeoutException e) {
            connection.close();
            throw new IllegalStateException(description + " is not usable: "
                    + (e instanceof TimeoutException ? "no answer within " + PING_TIMEOUT_SECONDS + " s" : e.getCause()), e);
        }
    }

    public @NotNull MongoStores stores() {
        return stores;
    }

    /** Which store this is, for messages. */
    public @NotNull String description() {
        return description;
    }

    @Override
    public void close() {
        stores.close();
        if (store != null) {
            store.close();
        }
        if (lock != null) {
            lock.close();
        }
    }
}
