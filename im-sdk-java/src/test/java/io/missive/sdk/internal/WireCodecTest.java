package io.missive.sdk.internal;

import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.DeviceList;
import io.missive.protocol.v1.DeviceRevoked;
import io.missive.protocol.v1.SendAck;
import io.missive.protocol.v1.SyncPage;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.DeviceInfo;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.SendReceipt;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireCodecTest {

    @Test
    void send_to_user_carries_recipient_text_and_client_msg_id() {
        final OutgoingMessage message = OutgoingMessage.toUser("bob").text("hello").clientMsgId("m-1").build();

        final Uplink uplink = WireCodec.sendRequest(message);

        assertThat(uplink.getBodyCase()).isEqualTo(Uplink.BodyCase.SEND);
        assertThat(uplink.getSend().getToUserId()).isEqualTo("bob");
        assertThat(uplink.getSend().getConversationId()).isEmpty();
        assertThat(uplink.getSend().getClientMsgId()).isEqualTo("m-1");
        assertThat(uplink.getSend().getContent().getText()).isEqualTo("hello");
    }

    @Test
    void send_to_conversation_carries_the_conversation_id() {
        final OutgoingMessage message = OutgoingMessage.toConversation("dm:alice:bob").text("hi").build();

        final Uplink uplink = WireCodec.sendRequest(message);

        assertThat(uplink.getSend().getConversationId()).isEqualTo("dm:alice:bob");
        assertThat(uplink.getSend().getToUserId()).isEmpty();
        assertThat(uplink.getSend().getClientMsgId()).isEqualTo(message.clientMsgId());
    }

    @Test
    void latest_history_asks_before_anchor_zero() {
        final HistoryRequest request = WireCodec.historyRequest("dm:alice:bob", HistoryQuery.latest(20)).getHistory();

        assertThat(request.getConversationId()).isEqualTo("dm:alice:bob");
        assertThat(request.getDirection()).isEqualTo(HistoryRequest.Direction.BEFORE);
        assertThat(request.getAnchorSeq()).isZero();
        assertThat(request.getLimit()).isEqualTo(20);
    }

    @Test
    void history_after_a_seq_asks_after_that_seq() {
        final HistoryRequest request = WireCodec.historyRequest("c", HistoryQuery.after(42, 100)).getHistory();

        assertThat(request.getDirection()).isEqualTo(HistoryRequest.Direction.AFTER);
        assertThat(request.getAnchorSeq()).isEqualTo(42);
        assertThat(request.getLimit()).isEqualTo(100);
    }

    @Test
    void send_ack_becomes_a_receipt() {
        final Reply reply = Reply.newBuilder().setSendAck(SendAck.newBuilder()
                .setClientMsgId("m-1").setConversationId("dm:alice:bob").setSeq(7).setMessageId("srv-7")
                .setServerTimeMs(1_700_000_000_123L).setDuplicate(true)).build();

        final SendReceipt receipt = WireCodec.toReceipt(reply, "m-1");

        assertThat(receipt).isEqualTo(SendReceipt.of("m-1", "dm:alice:bob", 7, "srv-7",
                Instant.ofEpochMilli(1_700_000_000_123L), true));
    }

    @Test
    void error_reply_to_a_send_fails_with_its_code_message_and_client_msg_id() {
        final Reply reply = Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.NOT_A_MEMBER).setMessage("not in this conversation")
                .setClientMsgId("m-2")).build();

        assertThatThrownBy(() -> WireCodec.toReceipt(reply, "m-2"))
                .isInstanceOfSatisfying(MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
                    assertThat(e.clientMsgId()).contains("m-2");
                    assertThat(e.getMessage()).contains("not in this conversation");
                    assertThat(e.isRetryable()).isFalse();
                });
    }

    @Test
    void error_code_unknown_to_this_sdk_becomes_unspecified() {
        final Reply reply = Reply.newBuilder()
                .setError(Error.newBuilder().setCodeValue(99).setMessage("new server")).build();

        assertThatThrownBy(() -> WireCodec.toHistoryPage(reply))
                .isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSPECIFIED));
    }

    @Test
    void history_reply_to_a_send_is_rejected_as_unexpected() {
        final Reply reply = Reply.newBuilder()
                .setHistory(io.missive.protocol.v1.HistoryPage.getDefaultInstance()).build();

        assertThatThrownBy(() -> WireCodec.toReceipt(reply, "m-3"))
                .isInstanceOfSatisfying(MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSPECIFIED);
                    assertThat(e.clientMsgId()).contains("m-3");
                });
    }

    @Test
    void history_page_keeps_order_and_has_no_sync_versions() {
        final Reply reply = Reply.newBuilder().setHistory(io.missive.protocol.v1.HistoryPage.newBuilder()
                .setConversationId("dm:alice:bob").setHasMore(true).setLatestSeq(9)
                .addMessages(message(4, "four")).addMessages(message(5, "five"))).build();

        final HistoryPage page = WireCodec.toHistoryPage(reply);

        assertThat(page.conversationId()).isEqualTo("dm:alice:bob");
        assertThat(page.hasMore()).isTrue();
        assertThat(page.latestSeq()).isEqualTo(9);
        assertThat(page.messages()).extracting(ChatMessage::seq).containsExactly(4L, 5L);
        assertThat(page.messages()).allSatisfy(m -> assertThat(m.syncVersion()).isEmpty());
    }

    @Test
    void stream_message_keeps_every_field_and_its_sync_version() {
        final ChatMessage message = WireCodec.toChatMessage(message(3, "hi"), 12);

        assertThat(message.conversationId()).isEqualTo("dm:alice:bob");
        assertThat(message.seq()).isEqualTo(3);
        assertThat(message.messageId()).isEqualTo("id-3");
        assertThat(message.senderUserId()).isEqualTo("alice");
        assertThat(message.senderDeviceId()).isEqualTo("alice-phone");
        assertThat(message.clientMsgId()).isEqualTo("c-3");
        assertThat(message.serverTime()).isEqualTo(Instant.ofEpochMilli(3_000));
        assertThat(message.text()).contains("hi");
        assertThat(message.syncVersion()).hasValue(12);
    }

    @Test
    void message_without_text_content_has_no_text() {
        final Message withoutText = message(1, "x").toBuilder().setContent(Content.getDefaultInstance()).build();

        assertThat(WireCodec.toChatMessage(withoutText, 1).text()).isEmpty();
    }

    @Test
    void sync_request_and_ack_carry_the_versions() {
        final Uplink sync = WireCodec.syncRequest(41, 200);
        final Uplink ack = WireCodec.syncAck(77);

        assertThat(sync.getSync().getAfterVersion()).isEqualTo(41);
        assertThat(sync.getSync().getLimit()).isEqualTo(200);
        assertThat(ack.getSyncAck().getVersion()).isEqualTo(77);
        assertThat(WireCodec.revokeDevice("old-phone").getRevokeDevice().getDeviceId()).isEqualTo("old-phone");
        assertThat(WireCodec.listDevices().getBodyCase()).isEqualTo(Uplink.BodyCase.LIST_DEVICES);
    }

    @Test
    void too_far_behind_becomes_its_own_failure_with_the_latest_version() {
        final Reply reply = Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.TOO_FAR_BEHIND).setLatestVersion(9_000)).build();

        assertThatThrownBy(() -> WireCodec.toSyncPage(reply))
                .isInstanceOfSatisfying(StreamTooFarBehind.class, e -> {
                    assertThat(e.latestVersion()).isEqualTo(9_000);
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_FAR_BEHIND);
                });
    }

    @Test
    void a_sync_page_reply_is_the_page_and_other_errors_keep_their_code() {
        final SyncPage page = SyncPage.newBuilder().setHasMore(true).setLatestVersion(3).build();

        assertThat(WireCodec.toSyncPage(Reply.newBuilder().setSync(page).build())).isEqualTo(page);
        assertThatThrownBy(() -> WireCodec.toSyncPage(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.UNKNOWN_REQUEST)).build()))
                .isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_REQUEST));
    }

    @Test
    void device_list_keeps_every_field() {
        final Reply reply = Reply.newBuilder().setDevices(DeviceList.newBuilder()
                .addDevices(io.missive.protocol.v1.DeviceInfo.newBuilder().setDeviceId("alice-phone")
                        .setCreatedMs(1_000).setLastLoginMs(2_000).setAckedVersion(17).setActive(true).setCurrent(true))
                .addDevices(io.missive.protocol.v1.DeviceInfo.newBuilder().setDeviceId("alice-old")
                        .setCreatedMs(500)))
                .build();

        final List<DeviceInfo> devices = WireCodec.toDevices(reply);

        assertThat(devices).containsExactly(
                DeviceInfo.of("alice-phone", Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_000), 17, true, true),
                DeviceInfo.of("alice-old", Instant.ofEpochMilli(500), null, 0, false, false));
        assertThat(WireCodec.toRevoked(Reply.newBuilder().setDeviceRevoked(DeviceRevoked.newBuilder()
                .setDeviceId("alice-old")).build())).isNull();
        assertThatThrownBy(() -> WireCodec.toRevoked(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.NOT_FOUND)).build()))
                .isInstanceOfSatisfying(MissiveException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    static Message message(final long seq, final String text) {
        return Message.newBuilder()
                .setConversationId("dm:alice:bob").setSeq(seq).setMessageId("id-" + seq)
                .setSenderUserId("alice").setSenderDeviceId("alice-phone").setClientMsgId("c-" + seq)
                .setServerTimeMs(seq * 1_000).setContent(Content.newBuilder().setText(text))
                .build();
    }
}
