package io.missive.storage;

import io.missive.storage.sync.SyncEntry;
import io.missive.storage.sync.SyncStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class SyncStreamTest {

    @TempDir
    Path dir;
    private EmbeddedMongo mongo;
    private SyncStream stream;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo(dir);
        stream = mongo.stores().syncStreams();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void versions_are_gap_free_per_user_and_reentering_an_event_is_a_no_op() throws Exception {
        final List<CompletableFuture<SyncEntry>> appended = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            appended.add(stream.append(SyncEntry.message("carol", "dm:a:carol", i, "id" + i)));
            appended.add(stream.append(SyncEntry.message("dave", "dm:a:dave", i, "id" + i)));
        }
        CompletableFuture.allOf(appended.toArray(new CompletableFuture[0])).get();
        final SyncEntry again = stream.append(SyncEntry.message("carol", "dm:a:carol", 7, "id7")).get();

        assertThat(again.version()).isEqualTo(7);
        assertThat(stream.latestVersion("carol").get()).isEqualTo(300);
        assertThat(stream.latestVersion("dave").get()).isEqualTo(300);
        final List<SyncEntry> page = stream.after("carol", 290, 100).get();
        assertThat(page).extracting(SyncEntry::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(291, 300).boxed().collect(Collectors.toList()));
        assertThat(page).extracting(SyncEntry::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(291, 300).boxed().collect(Collectors.toList()));
    }
}
