package io.missive.sdk.internal;

import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendAck;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingRequestsTest {

    private final PendingRequests pending = new PendingRequests();
    private final Reply ack = Reply.newBuilder().setSendAck(SendAck.newBuilder().setSeq(1)).build();

    @Test
    void a_reply_completes_the_request_with_its_correlation_key() {
        final CompletableFuture<Reply> first = pending.register("aa", "m-1");
        final CompletableFuture<Reply> second = pending.register("bb", "m-2");

        assertThat(pending.complete("bb", ack)).isTrue();

        assertThat(second).isCompletedWithValue(ack);
        assertThat(first).isNotDone();
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void a_late_or_foreign_reply_is_ignored() {
        final CompletableFuture<Reply> request = pending.register("aa", null);
        pending.fail("aa", ErrorCode.TIMEOUT, "too slow", -1, null);

        assertThat(pending.complete("aa", ack)).isFalse();
        assertThat(pending.complete("unknown", ack)).isFalse();
        assertThat(request).isCompletedExceptionally();
    }

    @Test
    void a_failure_names_the_client_msg_id_so_the_send_can_be_retried() {
        final CompletableFuture<Reply> request = pending.register("aa", "m-7");

        pending.fail("aa", ErrorCode.TIMEOUT, "no reply", -1, null);

        assertThatThrownBy(request::join).cause().isInstanceOfSatisfying(MissiveException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.clientMsgId()).contains("m-7");
            assertThat(e.isRetryable()).isTrue();
        });
    }

    @Test
    void the_first_outcome_wins() {
        final CompletableFuture<Reply> request = pending.register("aa", null);

        pending.complete("aa", ack);
        pending.fail("aa", ErrorCode.NOT_AUTHORIZED, "late PUBACK failure", 0x87, null);

        assertThat(request).isCompletedWithValue(ack);
    }

    @Test
    void losing_the_connection_fails_every_waiting_request() {
        final CompletableFuture<Reply> first = pending.register("aa", "m-1");
        final CompletableFuture<Reply> second = pending.register("bb", null);

        pending.failAll(ErrorCode.NOT_CONNECTED, "connection lost");

        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(pending.size()).isZero();
    }

    @Test
    void correlation_data_cannot_be_reused_while_pending() {
        pending.register("aa", null);

        assertThatThrownBy(() -> pending.register("aa", null)).isInstanceOf(IllegalStateException.class);
    }
}
