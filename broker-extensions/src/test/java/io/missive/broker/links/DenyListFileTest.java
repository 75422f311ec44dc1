package io.missive.broker.links;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DenyListFileTest {

    @TempDir
    Path dir;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private DenyListFile started(final Path file) {
        final DenyListFile list = new DenyListFile(file, timer, 20);
        list.start();
        return list;
    }

    @Test
    void the_list_is_read_at_once_and_again_when_the_file_changes() throws IOException {
        final Path file = dir.resolve("deny.txt");
        Files.writeString(file, "# start\nfirst.example\n");
        final DenyListFile list = started(file);
        assertThat(list.current().entryFor("www.first.example")).isEqualTo("first.example");

        Files.writeString(file, "first.example\nsecond.example  # added\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> list.current().entryFor("second.example") != null);
        assertThat(list.current().size()).isEqualTo(2);
    }

    @Test
    void a_file_replaced_by_a_rename_is_read() throws IOException {
        final Path file = dir.resolve("deny.txt");
        Files.writeString(file, "old.example\n");
        final DenyListFile list = started(file);
        final Path next = dir.resolve("deny.txt.new");
        Files.writeString(next, "new.example\n");

        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(10)).until(() -> list.current().entryFor("new.example") != null);
        assertThat(list.current().entryFor("old.example")).isNull();
    }

    @Test
    void a_file_that_cannot_be_read_keeps_the_last_list_until_it_can() throws IOException {
        final Path file = dir.resolve("deny.txt");
        Files.writeString(file, "kept.example\n");
        final DenyListFile list = started(file);

        Files.delete(file);
        await().atMost(Duration.ofSeconds(10)).until(list::failing);
        assertThat(list.current().entryFor("kept.example")).isEqualTo("kept.example");

        Files.write(file, new byte[]{'b', (byte) 0xFC, '.', 'd', 'e', '\n'}); // not UTF-8
        await().atMost(Duration.ofSeconds(10)).until(() -> list.reads() >= 2);
        assertThat(list.failing()).isTrue();
        assertThat(list.current().entryFor("kept.example")).isEqualTo("kept.example");

        Files.writeString(file, "back.example\n", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(10)).until(() -> list.current().entryFor("back.example") != null);
        assertThat(list.failing()).isFalse();
        assertThat(list.current().entryFor("kept.example")).isNull();
    }

    @Test
    void a_file_missing_at_start_names_the_key() {
        assertThatThrownBy(() -> new DenyListFile(dir.resolve("missing.txt"), timer, 20))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("links.deny-file");
    }

    @Test
    void without_a_file_nothing_is_denied_and_nothing_polled() {
        final DenyListFile list = started(null);
        assertThat(list.current().size()).isZero();
        assertThat(list.reads()).isZero();
    }
}
