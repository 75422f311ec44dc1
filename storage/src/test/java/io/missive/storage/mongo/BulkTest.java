package io.missive.storage.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BulkTest {

    @TempDir
    Path dir;
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> collection;
    private final AtomicInteger updateCommands = new AtomicInteger();

    @BeforeEach
    void start() {
        server = new MongoServer(new H2Backend(dir.resolve("store.mv").toString()));
        final InetSocketAddress address = server.bind();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + address.getPort()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(final @NotNull CommandStartedEvent event) {
                        if (event.getCommandName().equals("update")) {
                            updateCommands.incrementAndGet();
                        }
                    }
                })
                .build());
        collection = client.getDatabase("bulk_test").getCollection("docs");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static List<WriteModel<Document>> upserts(final int count, final int value) {
        final List<WriteModel<Document>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writes.add(new UpdateOneModel<>(Filters.eq("_id", "d" + i), Updates.max("v", value),
                    new UpdateOptions().upsert(true)));
        }
        return writes;
    }

    @Test
    void every_write_is_applied_in_commands_of_at_most_a_chunk() {
        final int count = 2 * Bulk.CHUNK + 7;

        Bulk.unordered(collection, upserts(count, 5)).join();

        assertThat(updateCommands).hasValue(3);
        final List<Document> stored = Reactive.list(collection.find()).join();
        assertThat(stored).hasSize(count);
        assertThat(stored).allSatisfy(d -> assertThat(d.getInteger("v")).isEqualTo(5));
    }

    @Test
    void a_small_batch_is_one_command_and_nothing_is_none() {
        Bulk.unordered(collection, upserts(3, 1)).join();
        assertThat(updateCommands).hasValue(1);

        Bulk.unordered(collection, List.of()).join();
        assertThat(updateCommands).hasValue(1);
    }
}
