package io.missive.sdk;

import io.missive.protocol.Ids;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutgoingMessageTest {

    @Test
    void a_built_message_keeps_its_generated_client_msg_id_for_retries() {
        final OutgoingMessage message = OutgoingMessage.toUser("bob").text("hello").build();

        assertThat(Ids.isValidClientMsgId(message.clientMsgId())).isTrue();
        assertThat(message.clientMsgId()).isEqualTo(message.clientMsgId());
        assertThat(message.toUserId()).contains("bob");
        assertThat(message.conversationId()).isEmpty();
    }

    @Test
    void every_build_generates_a_new_client_msg_id() {
        final OutgoingMessage.Builder builder = OutgoingMessage.toUser("bob").text("hello");

        assertThat(builder.build().clientMsgId()).isNotEqualTo(builder.build().clientMsgId());
    }

    @Test
    void an_explicit_client_msg_id_is_used_and_validated() {
        assertThat(OutgoingMessage.toConversation("dm:alice:bob").text("x").clientMsgId("retry:1").build()
                .clientMsgId()).isEqualTo("retry:1");
        assertThatThrownBy(() -> OutgoingMessage.toUser("bob").clientMsgId("has space"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutgoingMessage.toUser("bob").clientMsgId("x".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recipient_and_text_are_checked() {
        assertThatThrownBy(() -> OutgoingMessage.toUser("bo/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutgoingMessage.toConversation("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutgoingMessage.toUser("bob").build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void to_string_does_not_leak_the_text() {
        assertThat(OutgoingMessage.toUser("bob").text("secret plans").build().toString())
                .doesNotContain("secret plans");
    }
}
