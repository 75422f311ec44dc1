package io.missive.storage.sequence;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.missive.storage.mongo.CountedCollection;
import io.missive.storage.mongo.MongoErrors;
import io.missive.storage.mongo.Reactive;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedInsertsTest {

    @TempDir
    Path dir;
    private CountedCollection store;
    private MongoCollection<Document> collection;
    private AtomicInteger insertCommands;

    @BeforeEach
    void start() {
        store = new CountedCollection(dir, "insert");
        collection = store.collection();
        insertCommands = store.commands();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void submissions_made_while_inserts_run_travel_together_and_all_arrive() {
        final OrderedInserts inserts = new OrderedInserts(collection, 1);
        final List<CompletableFuture<OrderedInserts.Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            outcomes.add(inserts.insert(List.of(new Document("_id", "k" + i + "-1"), new Document("_id", "k" + i + "-2"))));
        }
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).join();

        assertThat(outcomes).allSatisfy(o -> assertThat(o.join()).usingRecursiveComparison().ignoringFields("sentNanos").isEqualTo(new OrderedInserts.Outcome(2, null)));
        assertThat(Reactive.first(collection.countDocuments()).join()).contains(600L);
        // one insert at a time: everything submitted meanwhile waited and went in one command
        assertThat(insertCommands.get()).isLessThan(300);
    }

    @Test
    void a_refused_document_stops_its_own_submission_only_and_those_after_it_still_arrive() {
        Reactive.done(collection.insertOne(new Document("_id", "taken"))).join();
        insertCommands.set(0);
        final OrderedInserts inserts = new OrderedInserts(collection, 1);

        final CompletableFuture<OrderedInserts.Outcome> first = inserts.insert(List.of(new Document("_id", "x0")));
        final CompletableFuture<OrderedInserts.Outcome> whole = inserts.insert(
                List.of(new Document("_id", "a1"), new Document("_id", "a2")));
        final CompletableFuture<OrderedInserts.Outcome> refused = inserts.insert(
                List.of(new Document("_id", "b1"), new Document("_id", "taken"), new Document("_id", "b3")));
        final CompletableFuture<OrderedInserts.Outcome> after = inserts.insert(List.of(new Document("_id", "c1")));

        assertThat(first.join()).usingRecursiveComparison().ignoringFields("sentNanos").isEqualTo(new OrderedInserts.Outcome(1, null));
        assertThat(whole.join()).usingRecursiveComparison().ignoringFields("sentNanos").isEqualTo(new OrderedInserts.Outcome(2, null));
        assertThat(refused.join().stored()).isEqualTo(1);
        assertThat(MongoErrors.isDuplicateKey(refused.join().error())).isTrue();
        assertThat(after.join()).usingRecursiveComparison().ignoringFields("sentNanos").isEqualTo(new OrderedInserts.Outcome(1, null));
        final List<Object> ids = new ArrayList<>();
        Reactive.list(collection.find()).join().forEach(d -> ids.add(d.get("_id")));
        // b3 came after the refused document of its own ordered insert; c1 was inserted again on its own
        assertThat(ids).containsExactlyInAnyOrder("taken", "x0", "a1", "a2", "b1", "c1");
    }

    @Test
    void a_combined_insert_refused_in_the_middle_is_split_back_into_each_submissions_own_outcome() {
        final List<OrderedInserts.Submission> batch = IntStream.of(2, 3, 1)
                .mapToObj(n -> new OrderedInserts.Submission(
                        IntStream.range(0, n).mapToObj(i -> new Document("i", i)).toList()))
                .toList();
        // ordered: documents 0..2 stored, document 3 (the second of the middle submission) refused
        final MongoBulkWriteException duplicate = new MongoBulkWriteException(BulkWriteResult.unacknowledged(),
                List.of(new BulkWriteError(11000, "duplicate key", new BsonDocument(), 3)), null,
                new ServerAddress(), Set.of());

        assertThat(OrderedInserts.outcomes(batch, null)).containsExactly(new OrderedInserts.Outcome(2, null),
                new OrderedInserts.Outcome(3, null), new OrderedInserts.Outcome(1, null));
        assertThat(OrderedInserts.outcomes(batch, duplicate)).containsExactly(new OrderedInserts.Outcome(2, null),
                new OrderedInserts.Outcome(1, duplicate), null);
        // refused at the first document of a submission: nothing of it stored, the earlier ones whole
        final MongoBulkWriteException atBoundary = new MongoBulkWriteException(BulkWriteResult.unacknowledged(),
                List.of(new BulkWriteError(11000, "duplicate key", new BsonDocument(), 2)), null,
                new ServerAddress(), Set.of());
        assertThat(OrderedInserts.outcomes(batch, atBoundary)).containsExactly(new OrderedInserts.Outcome(2, null),
                new OrderedInserts.Outcome(0, atBoundary), null);
        // any other failure: nobody knows what was stored
        final IllegalStateException broken = new IllegalStateException("connection reset");
        assertThat(OrderedInserts.outcomes(batch, broken)).containsOnly(new OrderedInserts.Outcome(-1, broken));
    }
}
