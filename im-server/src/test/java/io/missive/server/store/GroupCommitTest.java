package io.missive.server.store;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GroupCommitTest {

    @TempDir
    Path dir;

    private MVStore store;
    private MVMap<String, String> map;
    private GroupCommit commits;

    @BeforeEach
    void open() {
        store = openStore();
        map = store.openMap("data");
        commits = new GroupCommit(store, Durability.COMMIT, new ReentrantReadWriteLock(),
                GroupCommit.Housekeeping.NONE, 60_000);
    }

    @AfterEach
    void close() {
        commits.close();
        store.closeImmediately();
    }

    private @NotNull MVStore openStore() {
        return new MVStore.Builder().fileName(dir.resolve("test.mv").toString())
                .autoCommitDisabled().autoCommitBufferSize(0).open();
    }

    private static @NotNull CompletableFuture<Void> durable(final @NotNull GroupCommit commits, final long ticket) {
        final CompletableFuture<Void> future = new CompletableFuture<>();
        commits.whenDurable(ticket, (final @Nullable Throwable failure) -> {
            if (failure == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(failure);
            }
        });
        return future;
    }

    @Test
    void a_write_is_durable_once_a_commit_that_started_after_it_completed() throws Exception {
        map.put("k", "v");
        final long ticket = commits.ticketForWrite();

        durable(commits, ticket).get(10, TimeUnit.SECONDS);

        assertThat(commits.isDurable(ticket)).isTrue();
        assertThat(commits.commits()).isGreaterThanOrEqualTo(ticket);
        assertThat(store.hasUnsavedChanges()).isFalse();
    }

    @Test
    void a_read_needs_no_commit_when_nothing_is_unsaved() throws Exception {
        map.put("k", "v");
        durable(commits, commits.ticketForWrite()).get(10, TimeUnit.SECONDS);
        final long before = commits.commits();

        final long ticket = commits.ticketForRead();

        assertThat(ticket).isEqualTo(GroupCommit.NOTHING_TO_WAIT_FOR);
        assertThat(commits.isDurable(ticket)).isTrue();
        assertThat(commits.commits()).isEqualTo(before);
    }

    @Test
    void a_read_that_may_have_seen_an_unsaved_write_waits_for_its_commit() throws Exception {
        durable(commits, commits.ticketForWrite()).get(10, TimeUnit.SECONDS);
        map.put("written-by-another-connection", "not yet committed");

        final long ticket = commits.ticketForRead();

        assertThat(ticket).isGreaterThan(GroupCommit.NOTHING_TO_WAIT_FOR);
        durable(commits, ticket).get(10, TimeUnit.SECONDS);
        assertThat(store.hasUnsavedChanges()).isFalse();
    }

    @Test
    void tickets_handed_out_together_share_commits() throws Exception {
        final int writes = 200;
        final long before = commits.commits();
        final CompletableFuture<?>[] all = new CompletableFuture<?>[writes];
        for (int i = 0; i < writes; i++) {
            map.put("k" + i, "v" + i);
            all[i] = durable(commits, commits.ticketForWrite());
        }

        CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);

        assertThat(commits.commits() - before).isLessThan(writes);
    }

    @Test
    void a_failed_commit_fails_every_waiting_and_later_ticket() {
        store.closeImmediately();
        final long ticket = commits.ticketForWrite();

        final CompletableFuture<Void> waiting = durable(commits, ticket);

        await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
        assertThat(waiting).isCompletedExceptionally();
        assertThat(commits.isDurable(ticket)).isFalse();
        assertThat(durable(commits, commits.ticketForWrite())).isCompletedExceptionally();
    }

    @Test
    void close_commits_what_was_requested() {
        map.put("last", "write");
        final long ticket = commits.ticketForWrite();

        commits.close();
        store.closeImmediately();

        assertThat(commits.isDurable(ticket)).isTrue();
        final MVStore reopened = openStore();
        try {
            assertThat(reopened.<String, String>openMap("data").get("last")).isEqualTo("write");
        } finally {
            reopened.close();
        }
    }
}
