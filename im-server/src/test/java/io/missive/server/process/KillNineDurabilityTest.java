package io.missive.server.process;

import io.missive.server.EndToEnd;
import io.missive.storage.MongoStores;
import io.missive.storage.message.AppendResult;
import io.missive.storage.message.MessageLog;
import io.missive.storage.message.NewMessage;
import io.missive.storage.message.StoredMessage;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded store of a server process acknowledges a write only once it is in the file: kill -9
 * in the middle of a stream of appends, restart, and every acknowledged message is there, with the
 * conversations' seqs still gap-free, and appending goes on from there. Two rounds.
 */
@EndToEnd
class KillNineDurabilityTest {

    private static final int PRODUCERS = 8;
    private static final int WINDOW = 8;
    private static final int ACKS_BEFORE_KILL = 1_500;

    @TempDir
    Path dataDir;

    /** Every acknowledged append: conversation → seq → clientMsgId. */
    private final Map<String, Map<Long, String>> acked = new ConcurrentHashMap<>();

    @Test
    void every_acknowledged_append_survives_kill_9_mid_stream() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            for (int round = 1; round <= 2; round++) {
                final int inFlightAtKill = writeThenKill(server, round);
                assertThat(inFlightAtKill).as("appends in flight when the server was killed").isPositive();

                server.restart();
                final int stored = verify(server);
                assertThat(stored).isGreaterThanOrEqualTo(ackedCount());
            }
            server.stop();
        }
    }

    /** Appends from {@value #PRODUCERS} producers until enough were acknowledged, then kills the server. */
    private int writeThenKill(final @NotNull ServerProcess server, final int round) throws Exception {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger acks = new AtomicInteger();
        final Semaphore[] windows = new Semaphore[PRODUCERS];
        final ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        final MongoStores stores = new MongoStores(server.mongoUri(), server.mongoDatabase(), Runnable::run);
        int inFlightAtKill;
        try {
            stores.ensureIndexes().get(30, TimeUnit.SECONDS);
            for (int p = 0; p < PRODUCERS; p++) {
                final String conversation = "kill-" + p;
                final Semaphore window = new Semaphore(WINDOW);
                windows[p] = window;
                acked.computeIfAbsent(conversation, c -> new ConcurrentHashMap<>());
                producers.execute(() -> produce(stores.messages(), conversation, "r" + round, window, stop,
                        result -> {
                            acked.get(conversation).put(result.message().seq(), result.message().clientMsgId());
                            acks.incrementAndGet();
                        }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acks.get() >= ACKS_BEFORE_KILL);
            inFlightAtKill = 0;
            for (final Semaphore window : windows) {
                inFlightAtKill += WINDOW - window.availablePermits();
            }

            assertThat(server.kill9()).isEqualTo(137);
        } finally {
            stop.set(true);
            stores.close();
            producers.shutdownNow();
            assertThat(producers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        return inFlightAtKill;
    }

    /** Checks every acknowledged append and the seqs' continuity; returns the number of stored messages. */
    private int verify(final @NotNull ServerProcess server) throws Exception {
        int total = 0;
        try (MongoStores stores = new MongoStores(server.mongoUri(), server.mongoDatabase(), Runnable::run)) {
            for (final Map.Entry<String, Map<Long, String>> conversation : acked.entrySet()) {
                final List<StoredMessage> stored = all(stores.messages(), conversation.getKey());
                final List<Long> seqs = new ArrayList<>();
                final Map<Long, String> clientMsgIds = new ConcurrentHashMap<>();
                for (final StoredMessage message : stored) {
                    seqs.add(message.seq());
                    clientMsgIds.put(message.seq(), message.clientMsgId());
                }
                assertThat(seqs).as("seqs of %s: 1..max without gaps", conversation.getKey())
                        .containsExactlyElementsOf(range(seqs.size()));
                assertThat(clientMsgIds).as("acknowledged messages of %s", conversation.getKey())
                        .containsAllEntriesOf(conversation.getValue());
                total += stored.size();
            }
        }
        return total;
    }

    private int ackedCount() {
        return acked.values().stream().mapToInt(Map::size).sum();
    }

    private static void produce(final @NotNull MessageLog messages, final @NotNull String conversation,
                                final @NotNull String prefix, final @NotNull Semaphore window,
                                final @NotNull AtomicBoolean stop,
                                final @NotNull Consumer<AppendResult> onAck) {
        for (int i = 0; i < 1_000_000 && !stop.get(); i++) {
            try {
                while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (stop.get()) {
                        return;
                    }
                }
            } catch (final InterruptedException e) {
                return;
            }
            messages.append(new NewMessage(conversation, "sender", "device", prefix + "-" + i, "text " + i))
                    .whenComplete((result, error) -> {
                        if (error == null) {
                            onAck.accept(result);
                        }
                        window.release();
                    });
        }
    }

    private static @NotNull List<StoredMessage> all(final @NotNull MessageLog messages,
                                                    final @NotNull String conversation) throws Exception {
        final List<StoredMessage> all = new ArrayList<>();
        long after = 0;
        while (true) {
            final MessageLog.Page page = messages.page(conversation, false, after, 500).get(30, TimeUnit.SECONDS);
            all.addAll(page.messages());
            if (!page.messages().isEmpty()) {
                after = page.messages().get(page.messages().size() - 1).seq();
            }
            if (!page.hasMore()) {
                return all;
            }
        }
    }

    private static @NotNull List<Long> range(final int size) {
        final List<Long> range = new ArrayList<>(size);
        for (long seq = 1; seq <= size; seq++) {
            range.add(seq);
        }
        return range;
    }
}
