package io.missive.broker.counters;

import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class CountBufferTest {

    private record Write(String conversationId, long upTo, List<String> users, Map<String, Long> ownReads,
                         CompletableFuture<Void> answer) {
    }

    private final List<Write> writes = new ArrayList<>();
    private final CountBuffer buffer = new CountBuffer(this::write);

    private @NotNull CompletableFuture<Void> write(final String conversationId, final long upTo,
                                                   final List<String> users, final Map<String, Long> ownReads) {
        final Write write = new Write(conversationId, upTo, users, Map.copyOf(ownReads), new CompletableFuture<>());
        writes.add(write);
        return write.answer();
    }

    @Test
    void messages_of_a_conversation_go_in_one_write_with_the_latest_members_and_each_senders_own_read() {
        buffer.add("g:1", 1, "ann", Set.of("ann", "bo"));
        buffer.add("g:1", 3, "bo", Set.of("ann", "bo", "cy"));
        buffer.add("g:1", 2, "ann", Set.of("ann", "bo"));
        buffer.add("g:2", 7, "dan", Set.of("dan", "eve"));
        assertThat(writes).isEmpty();

        buffer.flushAll();

        assertThat(writes).hasSize(2);
        final Write g1 = writes.stream().filter(w -> w.conversationId().equals("g:1")).findFirst().orElseThrow();
        assertThat(g1.upTo()).isEqualTo(3);
        assertThat(g1.users()).containsExactlyInAnyOrder("ann", "bo", "cy");
        assertThat(g1.ownReads()).isEqualTo(Map.of("ann", 2L, "bo", 3L));
    }

    @Test
    void a_sender_who_left_still_gets_their_own_read() {
        buffer.add("g:1", 4, "gone", Set.of("ann"));

        buffer.flush("g:1");

        assertThat(writes.get(0).users()).containsExactlyInAnyOrder("ann", "gone");
    }

    @Test
    void a_full_buffer_is_written_at_once() {
        for (int seq = 1; seq <= CountBuffer.FLUSH_AT_MESSAGES; seq++) {
            buffer.add("dm:a:b", seq, "a", Set.of("a", "b"));
        }

        assertThat(writes).hasSize(1);
        assertThat(writes.get(0).upTo()).isEqualTo(CountBuffer.FLUSH_AT_MESSAGES);
    }

    @Test
    void a_flush_of_a_conversation_waits_for_its_earlier_writes() {
        buffer.add("g:1", 1, "ann", Set.of("ann", "bo"));
        buffer.flushAll();
        buffer.add("g:1", 2, "ann", Set.of("ann", "bo"));

        final CompletableFuture<Void> flushed = buffer.flush("g:1");
        writes.get(1).answer().complete(null);
        assertThat(flushed).isNotDone();

        writes.get(0).answer().complete(null);
        assertThat(flushed).isDone();
    }

    @Test
    void a_flush_with_nothing_gathered_nor_written_is_done_at_once() {
        assertThat(buffer.flush("g:none")).isDone();
        assertThat(writes).isEmpty();
    }
}
