package io.missive.broker.cluster;

import io.missive.broker.request.Publisher;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing decisions: what is looked up, where it goes, what is skipped. */
class ClusterPublisherTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final String SELF = NodeView.incarnation("a", NOW - 5_000);
    private static final String B = NodeView.incarnation("b", NOW - 5_000);
    private static final String C = NodeView.incarnation("c", NOW - 5_000);
    private static final String B_BEFORE = NodeView.incarnation("b", NOW - 3_600_000);

    private final List<String> local = new ArrayList<>();
    private final FakeTransport transport = new FakeTransport();
    private final ClusterStats stats = new ClusterStats();
    private final AtomicLong nanos = new AtomicLong();

    private final Publisher broker = (topic, payload, correlation) -> {
        local.add(topic);
        return CompletableFuture.completedFuture(null);
    };

    private ClusterPublisher publisher(final Map<String, Long> expiries) {
        final NodeView view = new NodeView(SELF, expiries, NOW, nanos::get);
        return new ClusterPublisher(broker, () -> view, transport, "a", stats);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_node_alone_makes_no_lookup() {
        final ClusterPublisher publisher = publisher(Map.of(SELF, NOW + 2_000));
        publisher.publish("im/u/alice", bytes("e1"), null);

        assertThat(local).containsExactly("im/u/alice");
        assertThat(transport.lookedUp).isEmpty();
        assertThat(stats.lookups()).isZero();
    }

    @Test
    void replies_stay_local() {
        final ClusterPublisher publisher = publisher(Map.of(SELF, NOW + 2_000, B, NOW + 2_000));
        publisher.publish("im/d/alice/phone", bytes("reply"), ByteBuffer.wrap(new byte[]{1}));
        publisher.publish("im/d/alice/phone", bytes("resend"), null);

        assertThat(local).hasSize(2);
        assertThat(transport.lookedUp).isEmpty();
    }

    @Test
    void an_event_goes_once_to_each_other_live_node_holding_the_user() {
        transport.holders.put("alice", Map.of(SELF, "1", B, "2", C, "1"));
        final ClusterPublisher publisher = publisher(Map.of(SELF, NOW + 2_000, B, NOW + 2_000, C, NOW + 1_000));
        publisher.publish("im/u/alice", bytes("e1"), null);

        assertThat(local).containsExactly("im/u/alice");
        assertThat(transport.published.keySet()).containsExactlyInAnyOrder("b", "c");
        assertThat(transport.items("b")).containsExactly("im/u/alice:e1");
        assertThat(transport.items("c")).containsExactly("im/u/alice:e1");
        assertThat(stats.relayed()).isEqualTo(2);
        assertThat(stats.relayMessages()).isEqualTo(2);
    }

    @Test
    void dead_nodes_are_skipped_and_long_dead_ones_forgotten() {
        transport.holders.put("alice", Map.of(B, "1", C, "1", B_BEFORE, "3"));
        // c expired a moment ago (dead, not yet stale); b's earlier run expired an hour ago
        final ClusterPublisher publisher = publisher(Map.of(SELF, NOW + 2_000, B, NOW + 2_000, C, NOW - 1,
                B_BEFORE, NOW - 3_000_000));
        publisher.publish("im/u/alice", bytes("e1"), null);

        assertThat(transport.published.keySet()).containsExactly("b");
        assertThat(transport.forgotten).containsExactly("alice:" + B_BEFORE);
    }

    @Test
    void a_node_dies_when_its_expiry_passes_not_at_the_next_heartbeat() {
        transport.holders.put("alice", Map.of(B, "1"));
        final ClusterPublisher publisher = publisher(Map.of(SELF, NOW + 2_000, B, NOW + 500));
        publisher.publish("im/u/alice", bytes("e1"), null);
        nanos.addAndGet(600_000_000L);
        publisher.publish("im/u/alice", bytes("e2"), null);

        assertThat(transport.items("b")).containsExactly("im/u/alice:e1");
        assertThat(transport.lookedUp).as("the second had no live peer: no lookup").hasSize(1);
    }

    @Test
    void users_without_devices_elsewhere_cost_a_lookup_and_no_relay() {
        transport.holders.put("bob", Map.of(SELF, "1"));
        final ClusterPublisher publisher = publisher(Map.of(SELF, NOW + 2_000, B, NOW + 2_000));
        publisher.publish("im/u/bob", bytes("e1"), null);
        publisher.publish("im/u/nobody", bytes("e2"), null);

        assertThat(transport.published).isEmpty();
        assertThat(stats.lookups()).isEqualTo(2);
    }

    @Test
    void what_queues_behind_a_lookup_is_looked_up_together_and_relayed_in_order() {
        transport.holders.put("alice", Map.of(B, "1"));
        transport.holders.put("bob", Map.of(B, "1"));
        transport.holdLookups = true;
        final ClusterPublisher publisher = publisher(Map.of(SELF, NOW + 2_000, B, NOW + 2_000));
        for (int i = 1; i <= 5; i++) {
            publisher.publish(i % 2 == 0 ? "im/u/bob" : "im/u/alice", bytes("e" + i), null);
        }
        assertThat(transport.lookedUp).containsExactly(List.of("alice"));
        transport.releaseLookups();
        transport.releaseLookups();

        assertThat(transport.lookedUp).containsExactly(List.of("alice"), List.of("bob", "alice"));
        assertThat(transport.items("b")).containsExactly("im/u/alice:e1", "im/u/bob:e2", "im/u/alice:e3",
                "im/u/bob:e4", "im/u/alice:e5");
    }

    @Test
    void a_target_that_is_not_listening_counts_as_dropped() {
        transport.holders.put("alice", Map.of(B, "1"));
        transport.receivers = 0;
        publisher(Map.of(SELF, NOW + 2_000, B, NOW + 2_000)).publish("im/u/alice", bytes("e1"), null);

        assertThat(stats.dropped()).isEqualTo(1);
        assertThat(stats.relayed()).isZero();
    }

    private static final class FakeTransport implements ClusterPublisher.Transport {
        final Map<String, Map<String, String>> holders = new HashMap<>();
        final List<List<String>> lookedUp = new ArrayList<>();
        final List<String> forgotten = new ArrayList<>();
        final Map<String, List<RelayBatch>> published = new HashMap<>();
        final List<CompletableFuture<List<Map<String, String>>>> held = new ArrayList<>();
        boolean holdLookups;
        long receivers = 1;

        @Override
        public @NotNull CompletableFuture<List<Map<String, String>>> holders(final @NotNull List<String> users) {
            lookedUp.add(List.copyOf(users));
            final List<Map<String, String>> answer = users.stream().map(u -> holders.getOrDefault(u, Map.of()))
                    .collect(Collectors.toList());
            if (!holdLookups) {
                return CompletableFuture.completedFuture(answer);
            }
            final CompletableFuture<List<Map<String, String>>> pending = new CompletableFuture<>();
            held.add(pending);
            pendingAnswers.add(answer);
            return pending;
        }

        final List<List<Map<String, String>>> pendingAnswers = new ArrayList<>();

        void releaseLookups() {
            final CompletableFuture<List<Map<String, String>>> first = held.remove(0);
            first.complete(pendingAnswers.remove(0));
        }

        @Override
        public @NotNull CompletableFuture<Long> forget(final @NotNull String userId,
                                                       final @NotNull List<String> incarnations) {
            incarnations.forEach(i -> forgotten.add(userId + ":" + i));
            return CompletableFuture.completedFuture((long) incarnations.size());
        }

        @Override
        public @NotNull CompletableFuture<Long> publish(final @NotNull String nodeId, final byte @NotNull [] batch) {
            published.computeIfAbsent(nodeId, n -> new ArrayList<>()).add(RelayBatch.decode(batch));
            return CompletableFuture.completedFuture(receivers);
        }

        List<String> items(final String nodeId) {
            return published.getOrDefault(nodeId, List.of()).stream().flatMap(b -> b.items().stream())
                    .map(i -> i.topic() + ":" + new String(i.payload(), StandardCharsets.UTF_8))
                    .collect(Collectors.toList());
        }
    }
}
