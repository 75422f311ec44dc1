package io.missive.sdk.internal;

import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.SendReceipt;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxTest {

    private final ManualTimers timers = new ManualTimers();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Outbox outbox = outbox(100);

    private Outbox outbox(final int capacity) {
        return new Outbox(message -> {
            final Attempt attempt = new Attempt(message);
            attempts.add(attempt);
            return attempt.answer;
        }, Runnable::run, timers, new Backoff(500, 30_000, () -> 0.0), capacity);
    }

    private static OutgoingMessage message(final String id) {
        return OutgoingMessage.toUser("bob").text("text " + id).clientMsgId(id).build();
    }

    private static SendReceipt receipt(final String id, final boolean duplicate) {
        return SendReceipt.of(id, "dm:alice:bob", 1, "m-" + id, Instant.EPOCH, duplicate);
    }

    private static MissiveException error(final ErrorCode code) {
        return new MissiveException(code, code.name());
    }

    private List<String> sentIds() {
        return attempts.stream().map(a -> a.message.clientMsgId()).collect(Collectors.toList());
    }

    private Attempt last(final String id) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (attempts.get(i).message.clientMsgId().equals(id)) {
                return attempts.get(i);
            }
        }
        throw new AssertionError("never sent: " + id);
    }

    @Test
    void sends_made_while_disconnected_wait_and_go_out_in_the_original_order_on_connect() {
        final CompletableFuture<SendReceipt> a = outbox.send(message("a"));
        final CompletableFuture<SendReceipt> b = outbox.send(message("b"));
        outbox.send(message("c"));
        assertThat(attempts).isEmpty();
        assertThat(a).isNotDone();

        outbox.connected();
        assertThat(sentIds()).containsExactly("a", "b", "c");
        last("a").answer.complete(receipt("a", false));
        last("b").answer.complete(receipt("b", false));

        assertThat(a).isCompletedWithValue(receipt("a", false));
        assertThat(b).isCompletedWithValue(receipt("b", false));
        assertThat(outbox.size()).isEqualTo(1);
    }

    @Test
    void a_send_cut_off_by_a_lost_connection_is_resent_with_the_same_client_msg_id_before_later_ones() {
        outbox.connected();
        final CompletableFuture<SendReceipt> a = outbox.send(message("a"));
        outbox.disconnected();
        last("a").answer.completeExceptionally(error(ErrorCode.NOT_CONNECTED));
        final CompletableFuture<SendReceipt> b = outbox.send(message("b"));
        assertThat(sentIds()).containsExactly("a");

        outbox.connected();
        assertThat(sentIds()).containsExactly("a", "a", "b");
        last("a").answer.complete(receipt("a", true));
        last("b").answer.complete(receipt("b", false));

        assertThat(a).isCompletedWithValue(receipt("a", true));
        assertThat(b).isCompleted();
        assertThat(outbox.size()).isZero();
    }

    @Test
    void an_attempt_that_fails_after_the_next_connection_is_up_is_resent_at_once() {
        outbox.connected();
        outbox.send(message("a"));
        outbox.disconnected();
        outbox.connected();
        assertThat(sentIds()).containsExactly("a");

        last("a").answer.completeExceptionally(error(ErrorCode.NOT_CONNECTED));

        assertThat(sentIds()).containsExactly("a", "a");
    }

    @Test
    void a_refusal_that_retrying_cannot_fix_fails_the_send() {
        outbox.connected();
        final CompletableFuture<SendReceipt> a = outbox.send(message("a"));

        last("a").answer.completeExceptionally(error(ErrorCode.NOT_A_MEMBER));
        timers.advance(60_000);
        outbox.disconnected();
        outbox.connected();

        assertThat(a).isCompletedExceptionally();
        assertThat(a.handle((r, e) -> ((MissiveException) e).code()).join()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(sentIds()).containsExactly("a");
        assertThat(outbox.size()).isZero();
    }

    @Test
    void a_retryable_error_while_connected_is_retried_after_a_growing_backoff() {
        outbox.connected();
        final CompletableFuture<SendReceipt> a = outbox.send(message("a"));

        last("a").answer.completeExceptionally(error(ErrorCode.INTERNAL));
        timers.advance(249);
        assertThat(sentIds()).hasSize(1);
        timers.advance(1);
        assertThat(sentIds()).hasSize(2);
        last("a").answer.completeExceptionally(error(ErrorCode.TIMEOUT));
        assertThat(timers.pendingDelays()).containsExactly(500L);
        timers.advance(500);
        last("a").answer.complete(receipt("a", true));

        assertThat(sentIds()).containsExactly("a", "a", "a");
        assertThat(a).isCompletedWithValue(receipt("a", true));
    }

    @Test
    void a_busy_server_is_sent_the_same_message_again_no_sooner_than_it_asked() {
        outbox.connected();
        final CompletableFuture<SendReceipt> a = outbox.send(message("a"));

        last("a").answer.completeExceptionally(new MissiveException(ErrorCode.BUSY, "busy", "a", 0x97, 2_000, null));
        assertThat(timers.pendingDelays()).containsExactly(2_000L);
        timers.advance(1_999);
        assertThat(sentIds()).containsExactly("a");
        timers.advance(1);
        last("a").answer.complete(receipt("a", false));

        assertThat(sentIds()).containsExactly("a", "a");
        assertThat(a).isCompletedWithValue(receipt("a", false));
    }

    @Test
    void sends_that_failed_at_different_moments_are_retried_together_in_the_original_order() {
        outbox.connected();
        outbox.send(message("a"));
        outbox.send(message("b"));
        outbox.send(message("c"));

        last("c").answer.completeExceptionally(error(ErrorCode.TIMEOUT));
        timers.advance(100);
        last("a").answer.completeExceptionally(error(ErrorCode.TIMEOUT));
        last("b").answer.complete(receipt("b", false));
        timers.advance(150);

        assertThat(sentIds()).containsExactly("a", "b", "c", "a", "c");
    }

    @Test
    void a_retry_waiting_for_its_backoff_goes_out_with_the_next_connection_instead() {
        outbox.connected();
        outbox.send(message("a"));
        last("a").answer.completeExceptionally(error(ErrorCode.INTERNAL));
        outbox.disconnected();
        timers.advance(60_000);
        assertThat(sentIds()).hasSize(1);

        outbox.connected();

        assertThat(sentIds()).hasSize(2);
    }

    @Test
    void beyond_capacity_a_send_fails_at_once_with_quota_exceeded() {
        final Outbox small = outbox(2);
        small.send(message("a"));
        small.send(message("b"));

        final CompletableFuture<SendReceipt> c = small.send(message("c"));

        assertThat(c).isCompletedExceptionally();
        c.exceptionally(e -> {
            assertThat(((MissiveException) e).code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
            assertThat(((MissiveException) e).clientMsgId()).contains("c");
            return null;
        }).join();
        small.connected();
        last("a").answer.complete(receipt("a", false));
        assertThat(small.send(message("d"))).isNotDone();
    }

    @Test
    void closing_fails_every_waiting_send_and_every_later_one() {
        final CompletableFuture<SendReceipt> a = outbox.send(message("a"));

        outbox.close();

        assertThat(a.handle((r, e) -> ((MissiveException) e).code()).join()).isEqualTo(ErrorCode.NOT_CONNECTED);
        assertThat(outbox.send(message("b"))).isCompletedExceptionally();
        outbox.connected();
        assertThat(attempts).isEmpty();
    }

    @Test
    void a_cancelled_send_is_not_sent() {
        final CompletableFuture<SendReceipt> a = outbox.send(message("a"));

        a.cancel(false);
        outbox.connected();

        assertThat(attempts).isEmpty();
        assertThat(outbox.size()).isZero();
    }

    @Test
    void the_same_message_sent_again_while_waiting_goes_out_once_and_both_get_the_receipt() {
        final OutgoingMessage message = message("a");
        final CompletableFuture<SendReceipt> first = outbox.send(message);
        final CompletableFuture<SendReceipt> second = outbox.send(message);

        outbox.connected();
        last("a").answer.complete(receipt("a", false));

        assertThat(sentIds()).containsExactly("a");
        assertThat(first).isCompletedWithValue(receipt("a", false));
        assertThat(second).isCompletedWithValue(receipt("a", false));
        assertThat(outbox.size()).isZero();
    }

    @Test
    void a_message_sent_again_after_its_receipt_goes_out_again() {
        final OutgoingMessage message = message("a");
        outbox.connected();
        outbox.send(message);
        last("a").answer.complete(receipt("a", false));

        final CompletableFuture<SendReceipt> again = outbox.send(message);
        last("a").answer.complete(receipt("a", true));

        assertThat(sentIds()).containsExactly("a", "a");
        assertThat(again).isCompletedWithValue(receipt("a", true));
    }

    private static final class Attempt {
        private final OutgoingMessage message;
        private final CompletableFuture<SendReceipt> answer = new CompletableFuture<>();

        private Attempt(final @NotNull OutgoingMessage message) {
            this.message = message;
        }
    }
}
