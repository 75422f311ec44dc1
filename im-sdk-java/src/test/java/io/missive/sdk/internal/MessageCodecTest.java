package io.missive.sdk.internal;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendAck;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.SendReceipt;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {

    @Test
    void send_to_user_carries_recipient_text_and_client_msg_id() {
        final OutgoingMessage message = OutgoingMessage.toUser("bob").text("hello").clientMsgId("m-1").build();

        final Uplink uplink = MessageCodec.sendRequest(message);

        assertThat(uplink.getBodyCase()).isEqualTo(Uplink.BodyCase.SEND);
        assertThat(uplink.getSend().getToUserId()).isEqualTo("bob");
        assertThat(uplink.getSend().getConversationId()).isEmpty();
        assertThat(uplink.getSend().getClientMsgId()).isEqualTo("m-1");
        assertThat(uplink.getSend().getContent().getText()).isEqualTo("hello");
    }

    @Test
    void send_to_conversation_carries_the_conversation_id() {
        final OutgoingMessage message = OutgoingMessage.toConversation("dm:alice:bob").text("hi").build();

        final Uplink uplink = MessageCodec.sendRequest(message);

        assertThat(uplink.getSend().getConversationId()).isEqualTo("dm:alice:bob");
        assertThat(uplink.getSend().getToUserId()).isEmpty();
        assertThat(uplink.getSend().getClientMsgId()).isEqualTo(message.clientMsgId());
    }

    @Test
    void send_to_a_group_carries_the_group_conversation_id() {
        final String group = "g:" + "k".repeat(26);
        final OutgoingMessage message = OutgoingMessage.toConversation(group).text("hi all").build();

        final Uplink uplink = MessageCodec.sendRequest(message);

        assertThat(uplink.getSend().getConversationId()).isEqualTo(group);
        assertThat(uplink.getSend().getToUserId()).isEmpty();
    }

    @Test
    void latest_history_asks_before_anchor_zero() {
        final HistoryRequest request = MessageCodec.historyRequest("dm:alice:bob", HistoryQuery.latest(20)).getHistory();

        assertThat(request.getConversationId()).isEqualTo("dm:alice:bob");
        assertThat(request.getDirection()).isEqualTo(HistoryRequest.Direction.BEFORE);
        assertThat(request.getAnchorSeq()).isZero();
        assertThat(request.getLimit()).isEqualTo(20);
    }

    @Test
    void history_after_a_seq_asks_after_that_seq() {
        final HistoryRequest request = MessageCodec.historyRequest("c", HistoryQuery.after(42, 100)).getHistory();

        assertThat(request.getDirection()).isEqualTo(HistoryRequest.Direction.AFTER);
        assertThat(request.getAnchorSeq()).isEqualTo(42);
        assertThat(request.getLimit()).isEqualTo(100);
    }

    @Test
    void every_history_direction_of_the_protocol_is_asked_for_by_the_sdk_direction_of_the_same_name() {
        for (final HistoryRequest.Direction direction : HistoryRequest.Direction.values()) {
            if (direction == HistoryRequest.Direction.UNRECOGNIZED) {
                continue;
            }
            assertThat(MessageCodec.toWire(HistoryQuery.Direction.valueOf(direction.name()))).as(direction.name())
                    .isEqualTo(direction);
        }
        for (final HistoryQuery.Direction direction : HistoryQuery.Direction.values()) {
            assertThat(MessageCodec.toWire(direction).name()).as(direction.name()).isEqualTo(direction.name());
        }
    }

    @Test
    void send_ack_becomes_a_receipt() {
        final Reply reply = Reply.newBuilder().setSendAck(SendAck.newBuilder()
                .setClientMsgId("m-1").setConversationId("dm:alice:bob").setSeq(7).setMessageId("srv-7")
                .setServerTimeMs(1_700_000_000_123L).setDuplicate(true)).build();

        final SendReceipt receipt = MessageCodec.toReceipt(reply, "m-1");

        assertThat(receipt).isEqualTo(SendReceipt.of("m-1", "dm:alice:bob", 7, "srv-7",
                Instant.ofEpochMilli(1_700_000_000_123L), true));
    }

    @Test
    void error_reply_to_a_send_fails_with_its_code_message_and_client_msg_id() {
        final Reply reply = Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.NOT_A_MEMBER).setMessage("not in this conversation")
                .setClientMsgId("m-2")).build();

        assertThatThrownBy(() -> MessageCodec.toReceipt(reply, "m-2"))
                .isInstanceOfSatisfying(MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
                    assertThat(e.clientMsgId()).contains("m-2");
                    assertThat(e.getMessage()).contains("not in this conversation");
                    assertThat(e.isRetryable()).isFalse();
                });
    }

    @Test
    void history_page_keeps_order_and_has_no_sync_versions() {
        final Reply reply = Reply.newBuilder().setHistory(io.missive.protocol.v1.HistoryPage.newBuilder()
                .setConversationId("dm:alice:bob").setHasMore(true).setLatestSeq(9)
                .addMessages(WireCodecTest.message(4, "four")).addMessages(WireCodecTest.message(5, "five"))).build();

        final HistoryPage page = MessageCodec.toHistoryPage(reply);

        assertThat(page.conversationId()).isEqualTo("dm:alice:bob");
        assertThat(page.hasMore()).isTrue();
        assertThat(page.latestSeq()).isEqualTo(9);
        assertThat(page.messages()).extracting(ChatMessage::seq).containsExactly(4L, 5L);
        assertThat(page.messages()).allSatisfy(m -> assertThat(m.syncVersion()).isEmpty());
    }
}
