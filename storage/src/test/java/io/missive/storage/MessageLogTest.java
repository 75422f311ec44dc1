package io.missive.storage;

import io.missive.storage.message.AppendResult;
import io.missive.storage.message.MessageLog;
import io.missive.storage.message.NewMessage;
import io.missive.storage.message.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class MessageLogTest {

    @TempDir
    Path dir;
    private EmbeddedMongo mongo;
    private MessageLog log;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo(dir);
        log = mongo.stores().messages();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void concurrent_senders_get_unique_gap_free_seqs() throws Exception {
        final int senders = 8;
        final int perSender = 400;
        final ExecutorService pool = Executors.newFixedThreadPool(senders);
        final List<CompletableFuture<AppendResult>> results = new ArrayList<>();
        final List<CompletableFuture<List<CompletableFuture<AppendResult>>>> submitted = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            final int sender = s;
            submitted.add(CompletableFuture.supplyAsync(() -> {
                final List<CompletableFuture<AppendResult>> mine = new ArrayList<>();
                for (int i = 0; i < perSender; i++) {
                    mine.add(log.append(new NewMessage("dm:a:b", "user" + sender, "dev" + sender, "m-" + i, "hi " + i)));
                }
                return mine;
            }, pool));
        }
        for (final CompletableFuture<List<CompletableFuture<AppendResult>>> f : submitted) {
            results.addAll(f.get());
        }
        CompletableFuture.allOf(results.toArray(new CompletableFuture[0])).get();
        pool.shutdown();

        final List<Long> seqs = results.stream().map(f -> f.join().message().seq()).sorted().collect(Collectors.toList());
        final int total = senders * perSender;
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().collect(Collectors.toList()));
        assertThat(log.latestSeq("dm:a:b").get()).isEqualTo(total);
        final List<StoredMessage> stored = new ArrayList<>();
        long anchor = 0;
        MessageLog.Page page;
        do {
            page = log.page("dm:a:b", false, anchor, 100).get();
            stored.addAll(page.messages());
            anchor = stored.get(stored.size() - 1).seq();
        } while (page.hasMore());
        assertThat(stored).extracting(StoredMessage::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().collect(Collectors.toList()));
    }

    @Test
    void two_server_nodes_appending_to_one_conversation_never_share_a_seq() throws Exception {
        try (MongoStores other = mongo.secondNode()) {
            final List<CompletableFuture<AppendResult>> results = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                results.add(log.append(new NewMessage("dm:a:b", "a", "a1", "n1-" + i, "from node 1")));
                results.add(other.messages().append(new NewMessage("dm:a:b", "b", "b1", "n2-" + i, "from node 2")));
            }
            CompletableFuture.allOf(results.toArray(new CompletableFuture[0])).get();
            assertThat(results.stream().map(f -> f.join().message().seq()).sorted().collect(Collectors.toList()))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 1200).boxed().collect(Collectors.toList()));
            assertThat(results).allMatch(f -> !f.join().duplicate());
            // a resend through the other node is still recognised
            final AppendResult again = other.messages().append(new NewMessage("dm:a:b", "a", "a9", "n1-7", "x")).get();
            assertThat(again.duplicate()).isTrue();
            assertThat(again.message().text()).isEqualTo("from node 1");
        }
    }

    @Test
    void resend_with_same_client_msg_id_stores_once() throws Exception {
        final AppendResult first = log.append(new NewMessage("dm:a:b", "a", "a1", "same", "hello")).get();
        final AppendResult again = log.append(new NewMessage("dm:a:b", "a", "a2", "same", "hello again")).get();
        final AppendResult otherSender = log.append(new NewMessage("dm:a:b", "b", "b1", "same", "hi")).get();

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message().seq()).isEqualTo(first.message().seq());
        assertThat(again.message().messageId()).isEqualTo(first.message().messageId());
        assertThat(again.message().text()).isEqualTo("hello");
        assertThat(otherSender.duplicate()).isFalse();
        assertThat(otherSender.message().seq()).isEqualTo(2);
        assertThat(log.latestSeq("dm:a:b").get()).isEqualTo(2);
    }

    @Test
    void resends_inside_one_batch_share_one_copy() throws Exception {
        final List<CompletableFuture<AppendResult>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(log.append(new NewMessage("dm:a:b", "a", "a1", "dup-" + (i % 5), "x")));
        }
        CompletableFuture.allOf(results.toArray(new CompletableFuture[0])).get();
        assertThat(results.stream().map(f -> f.join().message().seq()).distinct()).hasSize(5);
        assertThat(log.latestSeq("dm:a:b").get()).isEqualTo(5);
        // exactly one append of each stored the message; the other nine are answered as repeats
        assertThat(results.stream().filter(f -> !f.join().duplicate()).map(f -> f.join().message().clientMsgId()))
                .containsExactlyInAnyOrder("dup-0", "dup-1", "dup-2", "dup-3", "dup-4");
    }

    @Test
    void history_pages_before_and_after() throws Exception {
        for (int i = 1; i <= 25; i++) {
            log.append(new NewMessage("dm:a:b", "a", "a1", "p" + i, "m" + i)).get();
        }
        final MessageLog.Page newest = log.page("dm:a:b", true, 0, 10).get();
        assertThat(newest.messages()).extracting(StoredMessage::seq).containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L);
        assertThat(newest.hasMore()).isTrue();
        final MessageLog.Page older = log.page("dm:a:b", true, 6, 10).get();
        assertThat(older.messages()).extracting(StoredMessage::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(older.hasMore()).isFalse();
        final MessageLog.Page after = log.page("dm:a:b", false, 20, 3).get();
        assertThat(after.messages()).extracting(StoredMessage::text).containsExactly("m21", "m22", "m23");
        assertThat(after.hasMore()).isTrue();
    }
}
