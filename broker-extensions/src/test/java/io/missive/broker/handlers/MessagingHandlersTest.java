package io.missive.broker.handlers;

import io.missive.broker.request.Identity;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sending, resending, refusing and reading back messages through the extension's real handlers and
 * stores, with no broker: what the end-to-end tests show over MQTT, here at the request level, in
 * milliseconds per case.
 */
class MessagingHandlersTest {

    private static final Extension extension = Extension.shared();

    private static Uplink send(final String to, final String clientMsgId, final String text) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setToUserId(to).setClientMsgId(clientMsgId)
                .setContent(Content.newBuilder().setText(text))).build();
    }

    private static Uplink sendTo(final String conversationId, final String clientMsgId, final String text) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setConversationId(conversationId)
                .setClientMsgId(clientMsgId).setContent(Content.newBuilder().setText(text))).build();
    }

    private static List<String> history(final Identity device, final String conversationId) {
        final Extension.Answer answer = extension.request(device, Uplink.newBuilder().setHistory(HistoryRequest
                .newBuilder().setConversationId(conversationId).setDirection(HistoryRequest.Direction.AFTER)).build());
        assertThat(answer.refusal()).isNull();
        return answer.reply().getHistory().getMessagesList().stream().map(m -> m.getContent().getText())
                .collect(Collectors.toList());
    }

    private static List<Message> streamMessages(final String userId) {
        return extension.events(userId).stream().filter(SyncEvent::hasMessage).map(SyncEvent::getMessage)
                .collect(Collectors.toList());
    }

    @Test
    void a_direct_message_is_acknowledged_stored_and_published_to_both_users_streams() {
        final Identity ann = new Identity(extension.user("ann"), "ann-phone");
        final String bo = extension.user("bo");

        final Extension.Answer first = extension.request(ann, send(bo, "m1", "hello"));
        final Extension.Answer second = extension.request(ann, send(bo, "m2", "again"));

        assertThat(first.refusal()).isNull();
        assertThat(first.reply().getSendAck().getSeq()).isEqualTo(1);
        assertThat(second.reply().getSendAck().getSeq()).isEqualTo(2);
        final String conversation = Ids.directConversation("ann", bo);
        assertThat(first.reply().getSendAck().getConversationId()).isEqualTo(conversation);
        for (final String user : List.of(bo, "ann")) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(streamMessages(user))
                    .extracting(Message::getSeq, m -> m.getContent().getText(), Message::getSenderDeviceId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "hello", "ann-phone"),
                            org.assertj.core.groups.Tuple.tuple(2L, "again", "ann-phone")));
        }
        assertThat(history(ann, conversation)).containsExactly("hello", "again");
    }

    @Test
    void a_resend_with_the_same_client_msg_id_is_answered_with_the_first_ack_and_stored_once() {
        final Identity cy = new Identity(extension.user("cy"), "cy-phone");
        final String di = extension.user("di");
        final long seq = extension.request(cy, send(di, "once", "only once")).reply().getSendAck().getSeq();

        final Extension.Answer resend = extension.request(cy, send(di, "once", "only once"));

        assertThat(resend.refusal()).isNull();
        assertThat(resend.reply().getSendAck().getSeq()).isEqualTo(seq);
        assertThat(resend.reply().getSendAck().getDuplicate()).isTrue();
        // a message sent after it is the barrier: once it is in the stream, a second copy would be too
        extension.request(cy, send(di, "after", "after"));
        await().atMost(Duration.ofSeconds(10)).until(() -> streamMessages(di).size() >= 2);
        assertThat(streamMessages(di)).extracting(Message::getClientMsgId).containsExactly("once", "after");
        assertThat(history(cy, Ids.directConversation("cy", di))).containsExactly("only once", "after");
    }

    @Test
    void refused_sends_are_answered_with_their_error_and_change_nothing() {
        final Identity eve = new Identity(extension.user("eve"), "eve-phone");
        final String fay = extension.user("fay");
        final String conversation = Ids.directConversation("eve", fay);
        extension.request(eve, send(fay, "ok", "ok"));

        assertThat(extension.request(eve, send("nobody", "x1", "to nobody")).reply().getError().getCode())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(extension.request(eve, send("eve", "x2", "to myself")).reply().getError().getCode())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(extension.request(eve, send(fay, "x3", "")).reply().getError().getCode())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(extension.request(eve, send(fay, "not a valid id!", "bad id")).reply().getError().getCode())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        final Extension.Answer foreign = extension.request(eve, sendTo(Ids.directConversation("ann", "bo"), "x4", "in"));
        assertThat(foreign.reply().getError().getCode()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(foreign.reply().getError().getClientMsgId()).isEqualTo("x4");
        assertThat(foreign.refusal()).isNotNull();

        extension.request(eve, send(fay, "barrier", "barrier"));
        await().atMost(Duration.ofSeconds(10)).until(() -> streamMessages(fay).size() >= 2);
        assertThat(streamMessages(fay)).extracting(Message::getClientMsgId).containsExactly("ok", "barrier");
        assertThat(history(eve, conversation)).containsExactly("ok", "barrier");
    }

    @Test
    void group_members_send_in_one_sequence_and_others_are_refused() {
        final Identity gus = new Identity(extension.user("gus"), "gus-phone");
        final Identity hal = new Identity(extension.user("hal"), "hal-phone");
        final Identity ida = new Identity(extension.user("ida"), "ida-phone");
        final Extension.Answer created = extension.request(gus, Uplink.newBuilder().setCreateGroup(CreateGroup
                .newBuilder().setRequestId("g1").setName("trip").addMemberIds("hal")).build());
        assertThat(created.refusal()).isNull();
        final String group = created.reply().getGroup().getConversationId();
        assertThat(created.reply().getGroup().getMemberCount()).isEqualTo(2);

        final long first = extension.request(gus, sendTo(group, "g-m1", "from gus")).reply().getSendAck().getSeq();
        final long second = extension.request(hal, sendTo(group, "g-m2", "from hal")).reply().getSendAck().getSeq();
        final Extension.Answer outsider = extension.request(ida, sendTo(group, "g-m3", "from ida"));

        assertThat(second).isEqualTo(first + 1);
        assertThat(outsider.reply().getError().getCode()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(history(hal, group)).endsWith("from gus", "from hal").doesNotContain("from ida");
        assertThat(extension.request(ida, Uplink.newBuilder().setHistory(HistoryRequest.newBuilder()
                .setConversationId(group)).build()).reply().getError().getCode()).isEqualTo(ErrorCode.NOT_A_MEMBER);
    }
}
