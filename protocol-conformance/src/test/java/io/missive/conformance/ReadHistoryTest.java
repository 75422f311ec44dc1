package io.missive.conformance;

import io.missive.protocol.v1.HistoryPage;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.missive.protocol.v1.HistoryRequest.Direction.AFTER;
import static io.missive.protocol.v1.HistoryRequest.Direction.BEFORE;
import static org.assertj.core.api.Assertions.assertThat;

/** Section "Read history" of docs/protocol.md. */
@Timeout(30)
class ReadHistoryTest extends ConformanceTest {

    /** A conversation of alice and bob with messages 1..count, sent eight at a time. */
    private String conversationWith(final RawClient alice, final String bob, final int count) {
        String conversation = null;
        for (int sent = 0; sent < count; ) {
            final List<CompletableFuture<Answer>> batch = new ArrayList<>();
            for (int i = 0; i < 8 && sent < count; i++, sent++) {
                batch.add(alice.requestAsync(Uplinks.send(clientMsgId(), bob, "message " + (sent + 1))));
            }
            for (final CompletableFuture<Answer> answer : batch) {
                conversation = ok(answer.join()).getSendAck().getConversationId();
            }
        }
        return conversation;
    }

    private static HistoryPage page(final RawClient reader, final String conversation,
                                    final HistoryRequest.Direction direction, final long anchor, final int limit) {
        return ok(reader.request(Uplinks.history(conversation, direction, anchor, limit))).getHistory();
    }

    private static List<Long> seqs(final HistoryPage page) {
        return page.getMessagesList().stream().map(Message::getSeq).toList();
    }

    @Test
    void before_0_answers_the_newest_messages_ascending() {
        final RawClient alice = connectNewUser("alice");
        final String conversation = conversationWith(alice, newUser("bob"), 5);
        final HistoryPage page = page(alice, conversation, BEFORE, 0, 3);
        assertThat(page.getConversationId()).isEqualTo(conversation);
        assertThat(seqs(page)).containsExactly(3L, 4L, 5L);
        assertThat(page.getHasMore()).isTrue();
        assertThat(page.getLatestSeq()).isEqualTo(5);
        assertThat(page.getMessages(0).getContent().getText()).isEqualTo("message 3");
    }

    @Test
    void before_n_answers_the_newest_messages_with_a_smaller_seq() {
        final RawClient alice = connectNewUser("alice");
        final String conversation = conversationWith(alice, newUser("bob"), 5);
        final HistoryPage middle = page(alice, conversation, BEFORE, 4, 2);
        assertThat(seqs(middle)).containsExactly(2L, 3L);
        assertThat(middle.getHasMore()).isTrue();
        final HistoryPage first = page(alice, conversation, BEFORE, 2, 5);
        assertThat(seqs(first)).containsExactly(1L);
        assertThat(first.getHasMore()).isFalse();
        assertThat(first.getLatestSeq()).isEqualTo(5);
    }

    @Test
    void after_n_answers_the_oldest_messages_with_a_larger_seq() {
        final RawClient alice = connectNewUser("alice");
        final String conversation = conversationWith(alice, newUser("bob"), 5);
        final HistoryPage next = page(alice, conversation, AFTER, 1, 2);
        assertThat(seqs(next)).containsExactly(2L, 3L);
        assertThat(next.getHasMore()).isTrue();
        final HistoryPage rest = page(alice, conversation, AFTER, 3, 5);
        assertThat(seqs(rest)).containsExactly(4L, 5L);
        assertThat(rest.getHasMore()).isFalse();
        final HistoryPage none = page(alice, conversation, AFTER, 5, 5);
        assertThat(none.getMessagesList()).isEmpty();
        assertThat(none.getHasMore()).isFalse();
        assertThat(none.getLatestSeq()).isEqualTo(5);
    }

    @Test
    void both_participants_read_the_same_history() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String conversation = conversationWith(alice, bob.userId(), 3);
        sendTo(bob, conversation, "a reply");
        assertThat(latest(bob, conversation)).isEqualTo(latest(alice, conversation));
    }

    @Test
    void a_limit_of_0_means_50_and_100_is_accepted() {
        final RawClient alice = connectNewUser("alice");
        final String conversation = conversationWith(alice, newUser("bob"), 51);
        final HistoryPage byDefault = page(alice, conversation, BEFORE, 0, 0);
        assertThat(seqs(byDefault)).hasSize(50).startsWith(2L).endsWith(51L);
        assertThat(byDefault.getHasMore()).isTrue();
        final HistoryPage largest = page(alice, conversation, AFTER, 0, 100);
        assertThat(seqs(largest)).hasSize(51).startsWith(1L).endsWith(51L);
        assertThat(largest.getHasMore()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {101, -1, Integer.MIN_VALUE})
    void a_limit_out_of_range_is_invalid_argument(final int limit) {
        final RawClient alice = connectNewUser("alice");
        final String conversation = conversationWith(alice, newUser("bob"), 1);
        assertInvalid(alice.request(Uplinks.history(conversation, BEFORE, 0, limit)), "limit");
    }

    @Test
    void a_negative_anchor_seq_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        final String conversation = conversationWith(alice, newUser("bob"), 1);
        assertInvalid(alice.request(Uplinks.history(conversation, AFTER, -1, 10)), "anchor_seq");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 99, -1})
    void an_unknown_direction_is_invalid_argument(final int direction) {
        final RawClient alice = connectNewUser("alice");
        final String conversation = conversationWith(alice, newUser("bob"), 1);
        final Uplink request = Uplink.newBuilder().setHistory(HistoryRequest.newBuilder()
                .setConversationId(conversation).setDirectionValue(direction).setLimit(10)).build();
        assertInvalid(alice.request(request), "direction");
    }

    @Test
    void an_empty_conversation_id_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.latest("")), "conversation_id");
    }

    @Test
    void the_history_of_a_conversation_the_user_does_not_belong_to_is_not_a_member() {
        assertNotAMemberOfAnyForeignConversation(connectNewUser("alice"), Uplinks::latest);
    }
}
