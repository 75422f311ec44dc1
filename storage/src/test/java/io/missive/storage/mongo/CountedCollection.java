package io.missive.storage.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One collection on a MongoDB-wire server (an H2 file in {@code dir}) reached over TCP by the real
 * driver, which counts the commands of one name ({@code insert}, {@code update}) it sends.
 */
public final class CountedCollection implements AutoCloseable {

    private final @NotNull MongoServer server;
    private final @NotNull MongoClient client;
    private final @NotNull MongoCollection<Document> collection;
    private final @NotNull AtomicInteger commands = new AtomicInteger();

    public CountedCollection(final @NotNull Path dir, final @NotNull String counted) {
        server = new MongoServer(new H2Backend(dir.resolve("store.mv").toString()));
        final InetSocketAddress address = server.bind();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + address.getPort()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(final @NotNull CommandStartedEvent event) {
                        if (event.getCommandName().equals(counted)) {
                            commands.incrementAndGet();
                        }
                    }
                })
                .build());
        collection = client.getDatabase("counted_test").getCollection("docs");
    }

    public @NotNull MongoCollection<Document> collection() {
        return collection;
    }

    /** The counted commands sent so far (since the last reset). */
    public @NotNull AtomicInteger commands() {
        return commands;
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
