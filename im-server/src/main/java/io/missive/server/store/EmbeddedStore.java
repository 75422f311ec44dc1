package io.missive.server.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
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
 * <p>The H2 file is locked by the process that opened it: one store per data directory. Writes
 * reach the file within about a second (H2's auto-commit) and at {@link #close()}: a clean stop loses
 * nothing, a crash of the process may lose the last second. (Committing after every write was tried:
 * the file grew to hundreds of megabytes for 20,000 messages.) Production uses MongoDB by
 * {@code mongo.uri}.
 */
public final class EmbeddedStore implements AutoCloseable {

    public static final @NotNull String FILE_NAME = "missive.mv";
    private static final @NotNull String PORT_FILE = "port";
    private static final @NotNull String HOST = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

    private final @NotNull MongoServer server;
    private final @NotNull Path dir;
    private final int port;

    private EmbeddedStore(final @NotNull MongoServer server, final @NotNull Path dir, final int port) {
        this.server = server;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Opens (or creates) the store in {@code dir} and listens on 127.0.0.1:{@code port} (0: a free port).
     *
     * @throws EmbeddedStoreException when the file is locked by another process, unreadable, or the port is taken
     */
    public static @NotNull EmbeddedStore start(final @NotNull Path dir, final int port) {
        final Path file = dir.resolve(FILE_NAME);
        final H2Backend backend;
        try {
            Files.createDirectories(dir);
            backend = new H2Backend(file.toString());
        } catch (final MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new EmbeddedStoreException("the embedded store " + file
                        + " is in use by another process (is a Missive server running on this data dir?)", e);
            }
            throw new EmbeddedStoreException("cannot open the embedded store " + file + ": " + e.getMessage(), e);
        } catch (final IOException e) {
            throw new EmbeddedStoreException("cannot create " + dir + ": " + e, e);
        }
        final MongoServer server = new MongoServer(backend);
        final InetSocketAddress address;
        try {
            // One acceptor thread; two workers are plenty for a single broker process on loopback.
            server.bind(new InetSocketAddress(HOST, port), 1, 2);
            address = server.getLocalAddress();
        } catch (final Exception e) {
            // Netty rethrows a BindException undeclared, hence Exception. bind() has shut the server
            // down (and closed the file) already.
            throw new EmbeddedStoreException("cannot listen on " + HOST + ":" + port
                    + " for the embedded store (port in use? set mongo.embedded-port): " + e.getMessage(), e);
        }
        final EmbeddedStore store = new EmbeddedStore(server, dir, address.getPort());
        try {
            Files.writeString(dir.resolve(PORT_FILE), Integer.toString(store.port), StandardCharsets.US_ASCII);
        } catch (final IOException e) {
            store.close();
            throw new EmbeddedStoreException("cannot write " + dir.resolve(PORT_FILE) + ": " + e, e);
        }
        LOG.info("Embedded store {} on {}", file, store.uri());
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

    /** Closes every client connection, commits and closes the file. */
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
