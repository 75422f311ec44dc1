package io.missive.storage;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.jetbrains.annotations.NotNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;

/** A MongoDB-wire server on a loopback port with an H2 file, and stores connected to it over TCP. */
final class EmbeddedMongo implements AutoCloseable {

    private final @NotNull MongoServer server;
    private final @NotNull MongoStores stores;
    private final @NotNull String uri;

    EmbeddedMongo(final @NotNull Path dir) {
        server = new MongoServer(new H2Backend(dir.resolve("store.mv").toString()));
        final InetSocketAddress address = server.bind();
        uri = "mongodb://127.0.0.1:" + address.getPort();
        stores = new MongoStores(uri, "missive_test", ForkJoinPool.commonPool());
        stores.ensureIndexes().join();
    }

    /** Another client on the same database: what a second server node would use. */
    @NotNull MongoStores secondNode() {
        return new MongoStores(uri, "missive_test", ForkJoinPool.commonPool());
    }

    @NotNull MongoStores stores() {
        return stores;
    }

    @Override
    public void close() {
        stores.close();
        server.shutdownNow();
    }
}
