package io.missive.server.store;

import io.missive.server.EndToEnd;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.missive.storage.MongoStores;
import io.missive.storage.message.NewMessage;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput and file size of the storage layer on the embedded store, per way of committing. Not part
 * of the default test run (tag {@code probe}); run it by hand:
 *
 * <pre>
 * mvn -B -o test -pl im-server -Dtest=StoreDurabilityProbe -Dmissive.excludedGroups= \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dprobe.messages=20000] [-Dprobe.producers=8] \
 *     [-Dprobe.windows=1,32] [-Dprobe.modes=background,commit,fsync,naive]
 * </pre>
 *
 * <p>Workload: {@code probe.producers} threads (8), each appending to its own conversation through
 * {@code MongoStores.messages().append(...)}, with {@code probe.windows} appends in flight per producer
 * (1: each waits for its acknowledgement; more lets the message log batch them into one insertMany).
 * Modes: {@code background} is mongo-java-server's H2 backend as it comes, H2 auto-committing about once
 * a second (not durable); {@code naive} commits after every write command, on the network thread, with
 * MVStore's default settings; {@code commit} and {@code fsync} are {@link EmbeddedStore} with
 * {@link Durability}.
 * Each mode runs once with 2,000 messages first (JIT warm-up, not reported). Columns: appends/s, commits,
 * file size before and after a clean close, and the time the commit thread spent committing and in
 * housekeeping.
 */
@Tag("probe")
@EndToEnd
class StoreDurabilityProbe {

    @TempDir
    Path tmp;

    @Test
    void appends_per_second_and_file_size() throws Exception {
        final int messages = Integer.getInteger("probe.messages", 20_000);
        final int producers = Integer.getInteger("probe.producers", 8);
        final String modes = System.getProperty("probe.modes", "background,commit,fsync,naive");
        final String windows = System.getProperty("probe.windows", "1,32");
        // warm-up (JIT) on every code path measured below; not reported
        for (final String mode : modes.split(",")) {
            run(mode.trim(), 2_000, producers, 8);
        }
        final List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-10s %6s %8s %10s %9s %11s %11s %8s %9s %9s",
                "mode", "window", "messages", "appends/s", "commits", "file MB", "closed MB", "seconds",
                "commit s", "housek. s"));
        for (final String window : windows.split(",")) {
            for (final String mode : modes.split(",")) {
                lines.add(run(mode.trim(), messages, producers, Integer.parseInt(window.trim())));
            }
        }
        System.out.println(String.join(System.lineSeparator(), lines));
    }

    private @NotNull String run(final @NotNull String mode, final int messages, final int producers,
                                final int window) throws Exception {
        final Path dir = Files.createTempDirectory(tmp, mode + "-");
        final Path file = dir.resolve(EmbeddedStore.FILE_NAME);
        final Store store = Store.start(mode, dir);
        final ExecutorService threads = Executors.newFixedThreadPool(producers);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final long begin;
        final long end;
        try (MongoStores stores = new MongoStores(store.uri(), "missive", Runnable::run)) {
            stores.ensureIndexes().get(30, TimeUnit.SECONDS);
            begin = System.nanoTime();
            final List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                final int producer = p;
                final int count = messages / producers + (p < messages % producers ? 1 : 0);
                done.add(CompletableFuture.runAsync(() -> produce(stores, producer, count, window, failure), threads));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
            end = System.nanoTime();
            assertThat(failure.get()).isNull();
            long stored = 0;
            for (int p = 0; p < producers; p++) {
                stored += stores.messages().latestSeq("probe-" + p).get(1, TimeUnit.MINUTES);
            }
            assertThat(stored).isEqualTo(messages);
        } finally {
            threads.shutdownNow();
        }
        final long commits = store.commits();
        final long[] busy = store.busyNanos();
        final long sizeOpen = Files.size(file);
        store.close();
        final long sizeClosed = Files.size(file);
        final double seconds = (end - begin) / 1e9;
        return String.format(Locale.ROOT, "%-10s %6d %8d %10.0f %9s %11.1f %11.1f %8.1f %9.1f %9.1f", mode, window,
                messages, messages / seconds, commits < 0 ? "-" : Long.toString(commits), sizeOpen / 1e6,
                sizeClosed / 1e6, seconds, busy[0] / 1e9, busy[1] / 1e9);
    }

    private static void produce(final @NotNull MongoStores stores, final int producer, final int count,
                                final int window, final @NotNull AtomicReference<Throwable> failure) {
        final Semaphore inFlight = new Semaphore(window);
        final String conversation = "probe-" + producer;
        final String text = "message text of a typical length, about a hundred bytes, from producer " + producer;
        for (int i = 0; i < count && failure.get() == null; i++) {
            inFlight.acquireUninterruptibly();
            stores.messages().append(new NewMessage(conversation, "user-" + producer, "device-" + producer,
                            "m-" + producer + "-" + i, text))
                    .whenComplete((result, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquireUninterruptibly(window);
    }

    /** One of the ways to run the store. */
    private interface Store extends AutoCloseable {
        @NotNull String uri();

        long commits();

        /** Time spent committing and in housekeeping, in nanoseconds. */
        long[] busyNanos();

        @Override
        void close();

        static @NotNull Store start(final @NotNull String mode, final @NotNull Path dir) {
            switch (mode) {
                case "commit":
                case "fsync":
                    final EmbeddedStore embedded = EmbeddedStore.start(dir, 0,
                            mode.equals("fsync") ? Durability.FSYNC : Durability.COMMIT);
                    return new Store() {
                        @Override
                        public @NotNull String uri() {
                            return embedded.uri();
                        }

                        @Override
                        public long commits() {
                            return embedded.commits();
                        }

                        @Override
                        public long[] busyNanos() {
                            return embedded.commitAndHousekeepingNanos();
                        }

                        @Override
                        public void close() {
                            embedded.close();
                        }
                    };
                case "background":
                case "naive":
                    final String file = dir.resolve(EmbeddedStore.FILE_NAME).toString();
                    final H2Backend backend = mode.equals("naive") ? new CommitEveryWrite(MVStore.open(file))
                            : new H2Backend(file);
                    final MongoServer server = new MongoServer(backend);
                    server.bind(new InetSocketAddress("127.0.0.1", 0), 1, 2);
                    return new Store() {
                        @Override
                        public @NotNull String uri() {
                            return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
                        }

                        @Override
                        public long commits() {
                            return backend instanceof CommitEveryWrite ? ((CommitEveryWrite) backend).commits : -1;
                        }

                        @Override
                        public long[] busyNanos() {
                            return new long[]{backend instanceof CommitEveryWrite
                                    ? ((CommitEveryWrite) backend).commitNanos : 0, 0};
                        }

                        @Override
                        public void close() {
                            server.shutdownNow();
                        }
                    };
                default:
                    throw new IllegalArgumentException("unknown mode " + mode);
            }
        }
    }

    /** A commit after each write command, on the network thread, with MVStore's default settings. */
    private static final class CommitEveryWrite extends H2Backend {
        volatile long commits;
        volatile long commitNanos;

        CommitEveryWrite(final @NotNull MVStore store) {
            super(store);
        }

        @Override
        public Document handleCommand(final Channel channel, final String databaseName, final String command,
                                      final Document query) {
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                if (DurableH2Backend.mayWrite(command, query)) {
                    final long begin = System.nanoTime();
                    getMvStore().commit();
                    synchronized (this) {
                        commits++;
                        commitNanos += System.nanoTime() - begin;
                    }
                }
            }
        }
    }
}
