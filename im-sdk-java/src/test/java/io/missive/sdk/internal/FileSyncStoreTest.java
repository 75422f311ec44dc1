package io.missive.sdk.internal;

import io.missive.sdk.SyncCursor;
import io.missive.sdk.SyncStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSyncStoreTest {

    @TempDir
    Path dir;

    private static SyncCursor cursor(final long version, final int conversations) {
        final Map<String, Long> seqs = new LinkedHashMap<>();
        for (int i = 0; i < conversations; i++) {
            seqs.put("dm:alice:user" + i, version + i + 1);
        }
        return SyncCursor.of(version, seqs);
    }

    @Test
    void a_missing_file_is_an_empty_cursor() throws IOException {
        assertThat(SyncStore.file(dir.resolve("none.sync")).load()).isEqualTo(SyncCursor.empty());
    }

    @Test
    void what_one_store_saved_a_new_store_on_the_same_file_reads_back() throws IOException {
        final Path file = dir.resolve("missive").resolve("alice-phone.sync");
        final Map<String, Long> seqs = new LinkedHashMap<>();
        seqs.put("dm:alice:bob", 42L);
        seqs.put("group with spaces:7", 3L);

        SyncStore.file(file).save(SyncCursor.of(4711, seqs));

        final SyncCursor loaded = SyncStore.file(file).load();
        assertThat(loaded.version()).isEqualTo(4711);
        assertThat(loaded.highestSeqs()).containsExactlyEntriesOf(seqs);
    }

    @Test
    void a_save_replaces_the_file_and_leaves_no_temporary_files() throws IOException {
        final SyncStore store = SyncStore.file(dir.resolve("alice.sync"));
        store.save(cursor(1, 3));
        store.save(cursor(2, 1));

        assertThat(store.load()).isEqualTo(cursor(2, 1));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
                    .containsExactly("alice.sync");
        }
    }

    @Test
    void a_half_written_temporary_file_from_a_crash_does_not_disturb_loading_or_saving() throws IOException {
        final Path file = dir.resolve("alice.sync");
        final SyncStore store = SyncStore.file(file);
        store.save(cursor(5, 2));
        Files.write(dir.resolve("alice.sync12345.tmp"), "missive-sync-cursor 1\nvers".getBytes(StandardCharsets.UTF_8));

        assertThat(store.load()).isEqualTo(cursor(5, 2));
        store.save(cursor(6, 2));
        assertThat(SyncStore.file(file).load()).isEqualTo(cursor(6, 2));
    }

    @Test
    void readers_never_see_a_partly_written_cursor() throws Exception {
        final Path file = dir.resolve("alice.sync");
        final SyncStore writer = SyncStore.file(file);
        writer.save(cursor(0, 200));
        final SyncStore reader = SyncStore.file(file);
        final AtomicBoolean writing = new AtomicBoolean(true);
        final List<Throwable> problems = new CopyOnWriteArrayList<>();
        final Thread readers = new Thread(() -> {
            while (writing.get()) {
                try {
                    final SyncCursor seen = reader.load();
                    if (!seen.equals(cursor(seen.version(), 200))) {
                        problems.add(new AssertionError("inconsistent cursor " + seen));
                    }
                } catch (final IOException | RuntimeException e) {
                    problems.add(e);
                }
            }
        });
        readers.start();
        try {
            for (int version = 1; version <= 300; version++) {
                writer.save(cursor(version, 200));
            }
        } finally {
            writing.set(false);
            readers.join();
        }

        assertThat(problems).isEmpty();
        assertThat(reader.load()).isEqualTo(cursor(300, 200));
    }

    @Test
    void group_positions_are_saved_and_read_back() throws IOException {
        final Path file = dir.resolve("alice-phone.sync");
        final Map<String, Long> groups = new LinkedHashMap<>();
        groups.put("g:aaaaaaaaaaaaaaaaaaaaaaaaaa", 40L);
        groups.put("g:bbbbbbbbbbbbbbbbbbbbbbbbbb", 0L);
        final SyncCursor saved = SyncCursor.of(4711, Map.of("dm:alice:bob", 42L, "g:aaaaaaaaaaaaaaaaaaaaaaaaaa", 40L),
                groups, Map.of("g:cccccccccccccccccccccccccc", 17L));

        SyncStore.file(file).save(saved);

        final SyncCursor loaded = SyncStore.file(file).load();
        assertThat(loaded).isEqualTo(saved);
        assertThat(loaded.groupSeqs()).containsExactlyEntriesOf(groups);
        assertThat(loaded.groupSeq("g:aaaaaaaaaaaaaaaaaaaaaaaaaa")).hasValue(40);
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).startsWith("missive-sync-cursor 2")
                .contains("group 40 g:aaaaaaaaaaaaaaaaaaaaaaaaaa", "left 17 g:cccccccccccccccccccccccccc");
    }

    @Test
    void a_cursor_without_groups_is_written_in_the_first_format_which_earlier_versions_read() throws IOException {
        final Path file = dir.resolve("alice-phone.sync");

        SyncStore.file(file).save(SyncCursor.of(12, Map.of("dm:alice:bob", 3L)));

        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
                .containsExactly("missive-sync-cursor 1", "version 12", "seq 3 dm:alice:bob");
    }

    @Test
    void a_file_of_the_first_format_is_read_as_a_cursor_without_groups() throws IOException {
        final Path file = dir.resolve("alice-phone.sync");
        Files.write(file, "missive-sync-cursor 1\nversion 9\nseq 4 dm:alice:bob\n".getBytes(StandardCharsets.UTF_8));

        final SyncCursor loaded = SyncStore.file(file).load();

        assertThat(loaded).isEqualTo(SyncCursor.of(9, Map.of("dm:alice:bob", 4L)));
        assertThat(loaded.groupSeqs()).isEmpty();
        assertThat(loaded.leftGroups()).isEmpty();
    }

    @Test
    void group_lines_in_a_file_of_the_first_format_or_damaged_ones_are_reported() throws IOException {
        final Path file = dir.resolve("alice.sync");
        Files.write(file, "missive-sync-cursor 1\nversion 1\ngroup 3 g:x\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SyncStore.file(file).load()).isInstanceOf(IOException.class);

        Files.write(file, "missive-sync-cursor 2\nversion 1\ngroup x g:x\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SyncStore.file(file).load()).isInstanceOf(IOException.class);

        Files.write(file, "missive-sync-cursor 2\nversion 1\ngroup 3 g:x\nleft 2 g:x\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SyncStore.file(file).load()).isInstanceOf(IOException.class);
    }

    @Test
    void the_memory_store_keeps_group_positions_too() throws IOException {
        final SyncStore store = SyncStore.inMemory();
        final SyncCursor cursor = SyncCursor.of(3, Map.of(), Map.of("g:x", 5L), Map.of("g:y", 2L));

        store.save(cursor);

        assertThat(store.load()).isEqualTo(cursor);
    }

    @Test
    void a_file_that_is_not_a_cursor_is_reported_not_misread() throws IOException {
        final Path file = dir.resolve("alice.sync");
        Files.write(file, "something else\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SyncStore.file(file).load()).isInstanceOf(IOException.class);

        Files.write(file, "missive-sync-cursor 1\nversion x\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SyncStore.file(file).load()).isInstanceOf(IOException.class);
    }
}
