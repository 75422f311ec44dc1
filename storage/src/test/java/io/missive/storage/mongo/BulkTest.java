package io.missive.storage.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BulkTest {

    @TempDir
    Path dir;
    private CountedCollection store;
    private MongoCollection<Document> collection;
    private AtomicInteger updateCommands;

    @BeforeEach
    void start() {
        store = new CountedCollection(dir, "update");
        collection = store.collection();
        updateCommands = store.commands();
    }

    @AfterEach
    void stop() {
        store.close();
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
