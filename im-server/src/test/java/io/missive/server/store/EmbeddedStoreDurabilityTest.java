package io.missive.server.store;

import de.bwaldvogel.mongo.bson.Document;
import io.missive.storage.MongoStores;
import io.missive.storage.message.AppendResult;
import io.missive.storage.message.MessageLog;
import io.missive.storage.message.NewMessage;
import io.missive.storage.message.StoredMessage;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The embedded store: acknowledged writes survive a kill -9 of its process, and the file stays small. */
class EmbeddedStoreDurabilityTest {

    private static final int PRODUCERS = 8;
    private static final String DATABASE = "missive";

    @TempDir
    Path dir;

    @Test
    void every_acknowledged_append_survives_a_kill_9_and_seqs_stay_gap_free() throws Exception {
        final Path storeDir = dir.resolve("store");
        final Map<String, Set<Long>> acked = new ConcurrentHashMap<>();
        final StoreProcess store = StoreProcess.start(storeDir, dir.resolve("store.log"));
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger ackCount = new AtomicInteger();
        final ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        final MongoStores stores = new MongoStores(store.uri(), DATABASE, Runnable::run);
        try {
            stores.ensureIndexes().get(30, TimeUnit.SECONDS);
            for (int p = 0; p < PRODUCERS; p++) {
                final String conversation = "crash-" + p;
                acked.put(conversation, ConcurrentHashMap.newKeySet());
                producers.execute(() -> produce(stores.messages(), conversation, 4, 1_000_000, stop,
                        result -> {
                            acked.get(conversation).add(result.message().seq());
                            ackCount.incrementAndGet();
                        }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> ackCount.get() >= 1_500);

            store.kill(); // while appends are in flight
        } finally {
            stop.set(true);
            stores.close();
            producers.shutdownNow();
            store.close(); // after the kill: nothing left to stop
        }

        try (EmbeddedStore reopened = EmbeddedStore.start(storeDir, 0);
             MongoStores check = new MongoStores(reopened.uri(), DATABASE, Runnable::run)) {
            for (final Map.Entry<String, Set<Long>> conversation : acked.entrySet()) {
                final List<Long> seqs = allSeqs(check.messages(), conversation.getKey());
                assertThat(seqs).as("seqs of %s", conversation.getKey())
                        .containsAll(conversation.getValue())
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed()
                                .collect(Collectors.toList()));
            }
        }
    }

    @Test
    void the_file_stays_small_although_every_write_is_committed() throws Exception {
        final int perProducer = 250;
        final long commits;
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0);
             MongoStores stores = new MongoStores(store.uri(), DATABASE, Runnable::run)) {
            stores.ensureIndexes().get(30, TimeUnit.SECONDS);
            final ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
            try {
                final List<Future<?>> done = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    final String conversation = "size-" + p;
                    done.add(producers.submit(() -> produce(stores.messages(), conversation, 1, perProducer,
                            new AtomicBoolean(), result -> {
                            })));
                }
                for (final Future<?> future : done) {
                    future.get(2, TimeUnit.MINUTES);
                }
            } finally {
                producers.shutdownNow();
            }
            for (int p = 0; p < PRODUCERS; p++) {
                assertThat(stores.messages().latestSeq("size-" + p).get(30, TimeUnit.SECONDS)).isEqualTo(perProducer);
            }
            commits = store.commits();
        }

        // one reply at a time per producer: group commit still answers several with one commit
        assertThat(commits).isLessThan(PRODUCERS * perProducer);
        // MVStore's defaults with a commit per write: about 70 MB per 1,000 messages; here about 1 MB
        assertThat(Files.size(dir.resolve(EmbeddedStore.FILE_NAME))).isLessThan(12L * 1024 * 1024);
    }

    @Test
    void reads_of_committed_data_are_answered_without_waiting_for_a_commit() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0);
             MongoStores stores = new MongoStores(store.uri(), DATABASE, Runnable::run)) {
            stores.ensureIndexes().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                stores.messages().append(new NewMessage("reads", "sender", "device", "m-" + i, "text"))
                        .get(30, TimeUnit.SECONDS);
            }
            final long before = store.readsThatWaited();

            for (int i = 0; i < 50; i++) {
                assertThat(stores.messages().latestSeq("reads").get(30, TimeUnit.SECONDS)).isEqualTo(20);
            }

            // housekeeping may run meanwhile (it holds back reads while it stores): a few at most
            assertThat(store.readsThatWaited() - before).isLessThan(5);
        }
    }

    @Test
    void write_commands_are_told_from_read_commands() {
        assertThat(DurableH2Backend.mayWrite("insert", new Document())).isTrue();
        assertThat(DurableH2Backend.mayWrite("findAndModify", new Document())).isTrue();
        assertThat(DurableH2Backend.mayWrite("createIndexes", new Document())).isTrue();
        assertThat(DurableH2Backend.mayWrite("someFutureCommand", new Document())).isTrue();
        assertThat(DurableH2Backend.mayWrite("find", new Document())).isFalse();
        assertThat(DurableH2Backend.mayWrite("getMore", new Document())).isFalse();
        assertThat(DurableH2Backend.mayWrite("aggregate",
                new Document("pipeline", List.of(new Document("$match", new Document()))))).isFalse();
        assertThat(DurableH2Backend.mayWrite("aggregate",
                new Document("pipeline", List.of(new Document("$out", "copy"))))).isTrue();
    }

    /**
     * Appends to one conversation with at most {@code window} appends in flight, until {@code count}
     * were acknowledged or {@code stop} is set; failures (after a crash) are not acknowledgements.
     */
    private static void produce(final @NotNull MessageLog messages, final @NotNull String conversation,
                                final int window, final int count, final @NotNull AtomicBoolean stop,
                                final @NotNull Consumer<AppendResult> onAck) {
        final Semaphore inFlight = new Semaphore(window);
        for (int i = 0; i < count && !stop.get(); i++) {
            try {
                while (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                    if (stop.get()) {
                        return;
                    }
                }
            } catch (final InterruptedException e) {
                return;
            }
            messages.append(new NewMessage(conversation, "sender", "device", conversation + "-" + i, "text " + i))
                    .whenComplete((result, error) -> {
                        if (error == null) {
                            onAck.accept(result);
                        }
                        inFlight.release();
                    });
        }
        try {
            // the last acknowledgements (or failures); a crash test sets stop instead
            for (int second = 0; second < 60 && !stop.get(); second++) {
                if (inFlight.tryAcquire(window, 1, TimeUnit.SECONDS)) {
                    return;
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static @NotNull List<Long> allSeqs(final @NotNull MessageLog messages, final @NotNull String conversation)
            throws Exception {
        final List<Long> seqs = new ArrayList<>();
        long after = 0;
        while (true) {
            final MessageLog.Page page = messages.page(conversation, false, after, 500).get(30, TimeUnit.SECONDS);
            for (final StoredMessage message : page.messages()) {
                seqs.add(message.seq());
                after = message.seq();
            }
            if (!page.hasMore()) {
                return seqs;
            }
        }
    }
}
