package io.missive.storage;

import io.missive.storage.counters.CounterTruth;
import io.missive.storage.message.AppendResult;
import io.missive.storage.message.NewMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CounterTruthTest {

    @TempDir
    Path dir;
    private EmbeddedMongo mongo;
    private MongoStores stores;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo(dir);
        stores = mongo.stores();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void the_latest_seq_comes_from_the_messages_even_when_the_recorded_latest_lags() {
        final String conversation = "dm:ann:ben";
        stores.conversations().ensureDirect(conversation, List.of("ann", "ben")).join();
        stores.members().ensureDirect(conversation, List.of("ann", "ben")).join();
        final List<AppendResult> stored = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            stored.add(stores.messages().append(new NewMessage(conversation, "ben", "ben-phone", "m-" + i,
                    "hello " + i)).join());
        }
        // the conversation's latest is written behind: here it still says #2
        stores.conversations().recordLast(stored.get(1).message()).join();

        final Map<String, long[]> truth = CounterTruth.of(stores, "ann").join();
        assertThat(truth).containsOnlyKeys(conversation);
        assertThat(truth.get(conversation)).containsExactly(7L, 0L);
    }
}
