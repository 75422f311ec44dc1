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
    void pages_are_read_by_version_across_trimming_and_do_not_mix_users() throws Exception {
        for (int i = 1; i <= 40; i++) {
            stream.append(SyncEntry.message("gail", "dm:a:gail", i, "g" + i)).get();
        }
        // a user whose id extends gail's must not show up in her ranges
        stream.append(SyncEntry.message("gail2", "dm:a:gail2", 1, "x1")).get();
        stream.trimThrough("gail", 10).get();

        assertThat(stream.after("gail", 12, 10).get()).extracting(SyncEntry::version)
                .containsExactly(13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L, 22L);
        assertThat(stream.after("gail", 35, 10).get()).extracting(SyncEntry::seq)
                .containsExactly(36L, 37L, 38L, 39L, 40L);
        // behind the trimmed prefix: the page starts later than asked, which callers see as a gap
        assertThat(stream.after("gail", 5, 10).get()).extracting(SyncEntry::version)
                .containsExactly(11L, 12L, 13L, 14L, 15L);
        assertThat(stream.after("gail", 40, 10).get()).isEmpty();
        assertThat(stream.latestVersion("gail").get()).isEqualTo(40);
        assertThat(stream.oldestVersion("gail").get()).isEqualTo(11);
        assertThat(stream.latestVersion("gail2").get()).isEqualTo(1);
    }

    @Test
    void expiry_and_trimming_drop_old_entries_by_query() throws Exception {
        final long day = 24L * 3600 * 1000;
        final long now = System.currentTimeMillis();
        for (int i = 1; i <= 10; i++) {
            stream.append(new SyncEntry("erin", 0, SyncEntry.TYPE_MESSAGE, "dm:a:erin", i, "id" + i,
                    i <= 4 ? now - 40 * day : now)).get();
        }
        assertThat(stream.expireBefore(new java.util.Date(now - 30 * day)).get()).isEqualTo(4);
        assertThat(stream.oldestVersion("erin").get()).isEqualTo(5);
        assertThat(stream.trimThrough("erin", 7).get()).isEqualTo(3);
        assertThat(stream.oldestVersion("erin").get()).isEqualTo(8);
        assertThat(stream.latestVersion("erin").get()).isEqualTo(10);
        // numbering continues after the newest, never reusing a dropped version
        assertThat(stream.append(SyncEntry.message("erin", "dm:a:erin", 11, "id11")).get().version()).isEqualTo(11);

        // even when every entry of a user expired, and a new server (no cache) numbers the next one
        stream.append(new SyncEntry("fred", 0, SyncEntry.TYPE_MESSAGE, "dm:a:fred", 1, "f1", now - 40 * day)).get();
        stream.append(new SyncEntry("fred", 0, SyncEntry.TYPE_MESSAGE, "dm:a:fred", 2, "f2", now - 40 * day)).get();
        stream.expireBefore(new java.util.Date(now - 30 * day)).get();
        assertThat(stream.oldestVersion("fred").get()).isZero();
        try (MongoStores otherNode = mongo.secondNode()) {
            assertThat(otherNode.syncStreams().latestVersion("fred").get()).isEqualTo(2);
            assertThat(otherNode.syncStreams().append(SyncEntry.message("fred", "dm:a:fred", 3, "f3")).get().version())
                    .isEqualTo(3);
        }
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

    @Test
    void versions_read_in_bulk_continue_each_stream_even_when_another_node_moved_on() throws Exception {
        for (int i = 1; i <= 3; i++) {
            stream.append(SyncEntry.message("gus", "dm:a:gus", i, "g" + i)).get();
        }
        try (MongoStores otherNode = mongo.secondNode()) {
            final SyncStream other = otherNode.syncStreams();
            other.primeLatest(List.of("gus", "hal")).get();
            // this node appends meanwhile: the other node's primed value for gus is stale now
            stream.append(SyncEntry.message("gus", "dm:a:gus", 4, "g4")).get();
            assertThat(other.append(SyncEntry.message("gus", "g:x", 1, "x1")).get().version()).isEqualTo(5);
            assertThat(other.append(SyncEntry.message("hal", "g:x", 1, "x1")).get().version()).isEqualTo(1);
        }
    }
}
