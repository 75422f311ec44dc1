package io.missive.storage;

import io.missive.storage.counters.UnreadCounters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counter scripts against a real redis-server: the one given by {@code missive.test.redis-uri},
 * else one started from the embedded-redis binary.
 */
@Tag("redis")
class UnreadCountersTest {

    private static RedisServer server;
    private static UnreadCounters counters;

    @BeforeAll
    static void start() throws IOException {
        String uri = System.getProperty("missive.test.redis-uri", "");
        if (uri.isEmpty()) {
            final int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"")
                    .setting("appendonly no").build();
            server.start();
            uri = "redis://127.0.0.1:" + port;
        }
        counters = UnreadCounters.connect(uri);
    }

    @AfterAll
    static void stop() throws IOException {
        counters.close();
        if (server != null) {
            server.stop();
        }
    }

    private static String user(final String name) {
        return name + "-" + System.nanoTime();
    }

    @Test
    void the_total_always_equals_the_sum_under_concurrent_counting_and_reading() throws Exception {
        final String ann = user("ann");
        counters.reconcile(ann, Map.of()).get();
        final ExecutorService pool = Executors.newFixedThreadPool(6);
        final List<CompletableFuture<?>> all = new ArrayList<>();
        for (int conv = 0; conv < 5; conv++) {
            final String conversation = "g:conv" + conv;
            for (int seq = 1; seq <= 200; seq++) {
                final long s = seq;
                all.add(CompletableFuture.supplyAsync(() -> counters.apply(conversation, s, List.of(ann), Map.of()),
                        pool).thenCompose(f -> f));
                if (seq % 7 == 0) {
                    // reads race with the counting, in any order
                    all.add(CompletableFuture.supplyAsync(() -> counters.apply(conversation, 0, List.of(ann),
                            Map.of(ann, s - 3)), pool).thenCompose(f -> f));
                }
            }
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        pool.shutdown();

        final UnreadCounters.Snapshot snapshot = counters.read(ann).get();
        // every conversation: counted to 200, read to 193 (the highest read, whatever the order)
        assertThat(snapshot.counts()).hasSize(5).allSatisfy((conversation, count) -> assertThat(count).isEqualTo(7));
        assertThat(snapshot.total()).isEqualTo(35);
        assertThat(snapshot.complete()).isTrue();

        // an older read position changes nothing; applying the same change again neither
        counters.apply("g:conv0", 0, List.of(ann), Map.of(ann, 10L)).get();
        counters.apply("g:conv0", 200, List.of(ann), Map.of()).get();
        assertThat(counters.read(ann).get().counts().get("g:conv0")).isEqualTo(7);
        counters.apply("g:conv0", 0, List.of(ann), Map.of(ann, 200L)).get();
        assertThat(counters.read(ann).get().counts()).doesNotContainKey("g:conv0");
        assertThat(counters.read(ann).get().total()).isEqualTo(28);
    }

    @Test
    void one_script_counts_a_whole_group_and_each_senders_own_messages_as_read() throws Exception {
        final List<String> members = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            members.add(user("m" + i));
        }
        for (final String m : members) {
            counters.reconcile(m, Map.of("g:big", new long[]{1, 1})).get();
        }
        final long before = counters.commandCount();
        final Map<String, Long> own = new HashMap<>();
        own.put(members.get(0), 11L);
        own.put(members.get(1), 9L);
        final List<String> incomplete = counters.apply("g:big", 11, members, own).get();

        assertThat(counters.commandCount() - before).isEqualTo(1);
        assertThat(incomplete).isEmpty();
        assertThat(counters.read(members.get(0)).get().total()).isZero();
        assertThat(counters.read(members.get(1)).get().total()).isEqualTo(2);
        assertThat(counters.read(members.get(500)).get().counts()).containsEntry("g:big", 10L);
    }

    @Test
    void a_hash_redis_lost_is_reported_and_reconciled_from_the_truth() throws Exception {
        final String bo = user("bo");
        // never reconciled: as after Redis restarted empty
        final List<String> incomplete = counters.apply("dm:a:bo", 5, List.of(bo), Map.of()).get();
        assertThat(incomplete).containsExactly(bo);
        assertThat(counters.read(bo).get().complete()).isFalse();

        final Map<String, long[]> truth = new HashMap<>();
        truth.put("dm:a:bo", new long[]{5, 3});
        truth.put("g:other", new long[]{40, 38});
        assertThat(counters.reconcile(bo, truth).get()).isEqualTo(4);
        final UnreadCounters.Snapshot snapshot = counters.read(bo).get();
        assertThat(snapshot.complete()).isTrue();
        assertThat(snapshot.counts()).containsEntry("dm:a:bo", 2L).containsEntry("g:other", 2L);

        // left a conversation: reconciling without it drops it
        assertThat(counters.reconcile(bo, Map.of("g:other", new long[]{40, 38})).get()).isEqualTo(2);
        assertThat(counters.read(bo).get().counts()).containsOnlyKeys("g:other");
    }

    @Test
    void totals_are_read_in_one_call_and_leave_out_hashes_redis_lost() throws Exception {
        final String cy = user("cy");
        final String di = user("di");
        final String lost = user("lost");
        counters.reconcile(cy, Map.of()).get();
        counters.reconcile(di, Map.of()).get();
        counters.apply("dm:cy:di", 4, List.of(cy, di), Map.of(di, 4L)).get();
        counters.apply("g:x", 7, List.of(cy), Map.of(cy, 2L)).get();
        counters.apply("dm:a:lost", 3, List.of(lost), Map.of()).get();

        final Map<String, Long> totals = counters.totals(List.of(cy, di, lost)).get();
        assertThat(totals).containsOnlyKeys(cy, di).containsEntry(cy, 9L).containsEntry(di, 0L);
        assertThat(counters.totals(List.of()).get()).isEmpty();
    }
}
