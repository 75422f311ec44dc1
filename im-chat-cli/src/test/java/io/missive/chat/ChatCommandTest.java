package io.missive.chat;

import io.missive.chat.ChatCommand.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChatCommandTest {

    @Test
    void at_user_sends_to_that_user() {
        final ChatCommand command = ChatCommand.parse("@bob hello there");

        assertThat(command.kind()).isEqualTo(Kind.SEND);
        assertThat(command.peer()).isEqualTo("bob");
        assertThat(command.text()).isEqualTo("hello there");
    }

    @Test
    void at_user_alone_or_to_sets_the_peer() {
        assertThat(ChatCommand.parse("@bob")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.SET_PEER);
            assertThat(c.peer()).isEqualTo("bob");
        });
        assertThat(ChatCommand.parse("/to carol").peer()).isEqualTo("carol");
        assertThat(ChatCommand.parse("/to").kind()).isEqualTo(Kind.INVALID);
        assertThat(ChatCommand.parse("@no/slash hi").kind()).isEqualTo(Kind.INVALID);
    }

    @Test
    void a_plain_line_goes_to_the_current_peer() {
        final ChatCommand command = ChatCommand.parse("  just text  ");

        assertThat(command.kind()).isEqualTo(Kind.SEND);
        assertThat(command.peer()).isNull();
        assertThat(command.text()).isEqualTo("just text");
    }

    @Test
    void double_slash_sends_a_line_starting_with_slash() {
        assertThat(ChatCommand.parse("//shrug")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.SEND);
            assertThat(c.text()).isEqualTo("/shrug");
        });
    }

    @Test
    void history_takes_an_optional_count_within_the_page_limit() {
        assertThat(ChatCommand.parse("/history").count()).isEqualTo(ChatCommand.DEFAULT_HISTORY);
        assertThat(ChatCommand.parse("/history 5").count()).isEqualTo(5);
        assertThat(ChatCommand.parse("/history 0").kind()).isEqualTo(Kind.INVALID);
        assertThat(ChatCommand.parse("/history 101").kind()).isEqualTo(Kind.INVALID);
        assertThat(ChatCommand.parse("/history many").kind()).isEqualTo(Kind.INVALID);
    }

    @Test
    void quit_help_blank_and_unknown() {
        assertThat(ChatCommand.parse("/quit").kind()).isEqualTo(Kind.QUIT);
        assertThat(ChatCommand.parse("/exit").kind()).isEqualTo(Kind.QUIT);
        assertThat(ChatCommand.parse("/help").kind()).isEqualTo(Kind.HELP);
        assertThat(ChatCommand.parse("   ").kind()).isEqualTo(Kind.NOTHING);
        assertThat(ChatCommand.parse("/dance").text()).contains("/dance");
    }
}
