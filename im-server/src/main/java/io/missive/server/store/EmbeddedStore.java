package io.missive.server.store;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded MongoDB-compatible store: mongo-java-server with its H2 backend, persisting to
 * {@code <dir>/missive.mv} and listening on the loopback interface only. While it runs, its port is
 * written to {@code <dir>/port} so that administration commands can find it.
 *
 * <p>The H2 file is locked by the process that opened it: one store per data directory.
 *
 * <p>Durability: the reply to a write command leaves only once the write is committed to the file.
 * With {@link Durability#COMMIT} (the default) that means handed to the operating system, which keeps
 * it when the process dies (crash, {@code kill -9}, OOM killer) but not necessarily across a power loss
 * or a kernel crash; with {@link Durability#FSYNC} it is also forced to the device, one fsync per
 * commit. A read that may have seen a write not committed yet waits for that commit too, so no client
 * ever sees data that a crash takes back. Commands in flight on several connections share one commit
 * (group commit), and replies wait without blocking the store's network threads: see
 * {@link GroupCommit} and {@link DurableH2Backend}. The file stays proportional to the data although
 * every write is committed: see {@link StoreFile}.
 *
 * <p>Cost, measured through the message log with 8 producers and 20,000 appends (StoreDurabilityProbe;
 * noisy 2-core machine): with one append in flight per producer, about 1,500 appends/s against about
 * 2,500/s with H2's former one-second auto-commit; with 32 in flight per producer (the log batches them
 * into insertMany), about 4,700/s against about 5,000/s. Most of a commit is MVStore serializing pages.
 *
 * <p>Production uses MongoDB by {@code mongo.uri}.
 */
public final class EmbeddedStore implements AutoCloseable {

    public static final @NotNull String FILE_NAME = "missive.mv";
    private static final @NotNull String PORT_FILE = "port";
    private static final @NotNull String HOST = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

    private final @NotNull MongoServer server;
    private final @NotNull DurableH2Backend backend;
    private final @NotNull Path dir;
    private final int port;

    private EmbeddedStore(final @NotNull MongoServer server, final @NotNull DurableH2Backend backend,
                          final @NotNull Path dir, final int port) {
        this.server = server;
        this.backend = backend;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Opens (or creates) the store in {@code dir} and listens on 127.0.0.1:{@code port} (0: a free port).
     *
     * @throws EmbeddedStoreException when the file is locked by another process, unreadable, or the port is taken
     */
    public static @NotNull EmbeddedStore start(final @NotNull Path dir, final int port) {
        return start(dir, port, Durability.COMMIT);
    }

    /**
     * Opens (or creates) the store in {@code dir} and listens on 127.0.0.1:{@code port} (0: a free port).
     *
     * @param durability what an answered write survives
     * @throws EmbeddedStoreException when the file is locked by another process, unreadable, or the port is taken
     */
    public static @NotNull EmbeddedStore start(final @NotNull Path dir, final int port,
                                               final @NotNull Durability durability) {
        final Path file = dir.resolve(FILE_NAME);
        final StoreFile storeFile;
        final DurableH2Backend backend;
        try {
            Files.createDirectories(dir);
            storeFile = StoreFile.open(file);
        } catch (final MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new EmbeddedStoreException("the embedded store " + file
                        + " is in use by another process (is a Missive server running on this data dir?)", e);
            }
            throw new EmbeddedStoreException("cannot open the embedded store " + file + ": " + e.getMessage(), e);
        } catch (final IOException e) {
            throw new EmbeddedStoreException("cannot create " + dir + ": " + e, e);
        }
        try {
            backend = storeFile.backend(durability);
        } catch (final RuntimeException e) {
            storeFile.closeAfterFailure();
            throw new EmbeddedStoreException("cannot open the embedded store " + file + ": " + e.getMessage(), e);
        }
        final MongoServer server = new MongoServer(backend);
        final InetSocketAddress address;
        try {
            // One acceptor thread; two workers are plenty for a single broker process on loopback (a
            // reply waiting for its commit does not hold a worker; a write command waits for a running
            // commit to finish, about a millisecond).
            server.bind(new InetSocketAddress(HOST, port), 1, 2);
            address = server.getLocalAddress();
        } catch (final Exception e) {
            // Netty rethrows a BindException undeclared, hence Exception. bind() has shut the server
            // down (and closed the file) already.
            throw new EmbeddedStoreException("cannot listen on " + HOST + ":" + port
                    + " for the embedded store (port in use? set mongo.embedded-port): " + e.getMessage(), e);
        }
        final EmbeddedStore store = new EmbeddedStore(server, backend, dir, address.getPort());
        try {
            Files.writeString(dir.resolve(PORT_FILE), Integer.toString(store.port), StandardCharsets.US_ASCII);
        } catch (final IOException e) {
            store.close();
            throw new EmbeddedStoreException("cannot write " + dir.resolve(PORT_FILE) + ": " + e, e);
        }
        LOG.info("Embedded store {} on {} (durability: {})", file, store.uri(), durability);
        return store;
    }

    /** The port a store running on {@code dir} announced, if any (it may be stale after a crash). */
    public static @NotNull Optional<Integer> announcedPort(final @NotNull Path dir) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(dir.resolve(PORT_FILE), StandardCharsets.US_ASCII).trim()));
        } catch (final IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return port;
    }

    /** The connection string clients use, e.g. {@code mongodb://127.0.0.1:27117}. */
    public @NotNull String uri() {
        return "mongodb://" + HOST + ":" + port;
    }

    public @NotNull Path file() {
        return dir.resolve(FILE_NAME);
    }

    /** Commits completed so far (for tests and measurements). */
    long commits() {
        return backend.commits().commits();
    }

    /** Read commands whose reply had to wait for a commit (for tests and measurements). */
    long readsThatWaited() {
        return backend.commits().readsThatWaited();
    }

    /** Time the commit thread spent committing and in housekeeping, in nanoseconds (for measurements). */
    long[] commitAndHousekeepingNanos() {
        return new long[]{backend.commits().commitNanos(), backend.commits().housekeepingNanos()};
    }

    /** Closes every client connection, commits, compacts the file (for at most a few seconds) and closes it. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(dir.resolve(PORT_FILE));
        } catch (final IOException e) {
            LOG.warn("Could not delete {}: {}", dir.resolve(PORT_FILE), e.toString());
        }
        server.shutdownNow();
    }

    /** The store could not be opened or could not listen. */
    public static final class EmbeddedStoreException extends RuntimeException {
        EmbeddedStoreException(final @NotNull String message, final @NotNull Throwable cause) {
            super(message, cause);
        }
    }
}
