package io.missive.chat;

import io.missive.chat.ChatCommand.Kind;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ChatCommandTest {

    @Test
    void at_user_sends_to_that_user() {
        final ChatCommand command = ChatCommand.parse("@bob hello there");

        assertThat(command.kind()).isEqualTo(Kind.SEND);
        assertThat(command.target()).isEqualTo("bob");
        assertThat(command.text()).isEqualTo("hello there");
    }

    @Test
    void at_user_alone_or_to_sets_the_target() {
        assertThat(ChatCommand.parse("@bob")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.SET_TARGET);
            assertThat(c.target()).isEqualTo("bob");
        });
        assertThat(ChatCommand.parse("/to carol").target()).isEqualTo("carol");
        assertThat(ChatCommand.parse("/to").kind()).isEqualTo(Kind.INVALID);
        assertThat(ChatCommand.parse("@no/slash hi").kind()).isEqualTo(Kind.INVALID);
    }

    @Test
    void a_plain_line_goes_to_the_current_target() {
        final ChatCommand command = ChatCommand.parse("  just text  ");

        assertThat(command.kind()).isEqualTo(Kind.SEND);
        assertThat(command.target()).isNull();
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

    private static final String GROUP = "g:abcdefghijklmnopqrstuvwxyz";

    @Test
    void a_group_id_is_a_target_for_to_and_at() {
        assertThat(ChatCommand.parse("/to " + GROUP)).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.SET_TARGET);
            assertThat(c.target()).isEqualTo(GROUP);
        });
        assertThat(ChatCommand.parse("@" + GROUP + " hi all")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.SEND);
            assertThat(c.target()).isEqualTo(GROUP);
            assertThat(c.text()).isEqualTo("hi all");
        });
        assertThat(ChatCommand.parse("/to g:short")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.INVALID);
            assertThat(c.text()).contains("/to g:");
        });
        assertThat(ChatCommand.parse("/to bob carol").kind()).isEqualTo(Kind.INVALID);
    }

    @Test
    void group_takes_a_single_word_name_and_members() {
        final ChatCommand command = ChatCommand.parse("/group Trip bob carol bob");

        assertThat(command.kind()).isEqualTo(Kind.CREATE_GROUP);
        assertThat(command.text()).isEqualTo("Trip");
        assertThat(command.users()).containsExactly("bob", "carol");
    }

    @Test
    void group_takes_a_quoted_name_with_spaces() {
        final ChatCommand command = ChatCommand.parse("/group \"Trip to Rome\"  bob   carol ");

        assertThat(command.kind()).isEqualTo(Kind.CREATE_GROUP);
        assertThat(command.text()).isEqualTo("Trip to Rome");
        assertThat(command.users()).containsExactly("bob", "carol");
    }

    @Test
    void group_without_members_is_a_group_of_one() {
        assertThat(ChatCommand.parse("/group \"My notes\"")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.CREATE_GROUP);
            assertThat(c.text()).isEqualTo("My notes");
            assertThat(c.users()).isEmpty();
        });
    }

    @Test
    void group_mistakes_are_explained() {
        assertThat(ChatCommand.parse("/group").text()).startsWith("usage: /group NAME");
        assertThat(ChatCommand.parse("/group \"Trip bob").text()).contains("no closing quote");
        assertThat(ChatCommand.parse("/group \"Trip\"bob").text()).contains("space after the quoted");
        assertThat(ChatCommand.parse("/group \"  \" bob").text()).contains("name is empty");
        assertThat(ChatCommand.parse("/group " + "x".repeat(101)).text()).contains("at most 100 characters");
        assertThat(ChatCommand.parse("/group Trip bob a/b")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.INVALID);
            assertThat(c.text()).isEqualTo("not a valid user id: a/b");
        });
        assertThat(ChatCommand.parse("/group " + "x".repeat(100)).kind()).isEqualTo(Kind.CREATE_GROUP);
    }

    @Test
    void add_and_remove_need_valid_user_ids() {
        assertThat(ChatCommand.parse("/add dave erin")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.ADD_MEMBERS);
            assertThat(c.users()).containsExactly("dave", "erin");
        });
        assertThat(ChatCommand.parse("/remove bob")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.REMOVE_MEMBERS);
            assertThat(c.users()).containsExactly("bob");
        });
        assertThat(ChatCommand.parse("/add").text()).startsWith("usage: /add user...");
        assertThat(ChatCommand.parse("/remove").text()).startsWith("usage: /remove user...");
        assertThat(ChatCommand.parse("/add bob !x").text()).isEqualTo("not a valid user id: !x");
    }

    @Test
    void rename_takes_the_rest_of_the_line_quoted_or_not() {
        assertThat(ChatCommand.parse("/rename Trip to Rome")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.RENAME);
            assertThat(c.text()).isEqualTo("Trip to Rome");
        });
        assertThat(ChatCommand.parse("/rename \"Trip to Rome\"").text()).isEqualTo("Trip to Rome");
        assertThat(ChatCommand.parse("/rename").text()).contains("name is empty", "usage: /rename NAME");
        assertThat(ChatCommand.parse("/rename \"\"").kind()).isEqualTo(Kind.INVALID);
    }

    @Test
    void leave_members_mute_and_unmute_take_no_arguments() {
        assertThat(ChatCommand.parse("/leave").kind()).isEqualTo(Kind.LEAVE);
        assertThat(ChatCommand.parse("/members").kind()).isEqualTo(Kind.MEMBERS);
        assertThat(ChatCommand.parse("/mute").kind()).isEqualTo(Kind.MUTE);
        assertThat(ChatCommand.parse("/unmute").kind()).isEqualTo(Kind.UNMUTE);
        assertThat(ChatCommand.parse("/leave now").text()).isEqualTo("usage: /leave (it takes no arguments)");
        assertThat(ChatCommand.parse("/mute bob").kind()).isEqualTo(Kind.INVALID);
    }

    @Test
    void list_takes_an_optional_count_within_the_page_limit() {
        assertThat(ChatCommand.parse("/list")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.LIST);
            assertThat(c.count()).isEqualTo(ChatCommand.DEFAULT_LIST);
        });
        assertThat(ChatCommand.parse("/list 200").count()).isEqualTo(200);
        assertThat(ChatCommand.parse("/list 201").text()).isEqualTo("usage: /list [n], n from 1 to 200");
        assertThat(ChatCommand.parse("/list 0").kind()).isEqualTo(Kind.INVALID);
        assertThat(ChatCommand.parse("/list all").kind()).isEqualTo(Kind.INVALID);
    }

    private static final String TOKEN = "00112233445566778899aabbccddeeff";

    @Test
    void push_takes_a_hex_token_a_bundle_id_and_optionally_sandbox() {
        assertThat(ChatCommand.parse("/push " + TOKEN + " com.example.chat")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.PUSH);
            assertThat(c.text()).isEqualTo(TOKEN);
            assertThat(c.topic()).isEqualTo("com.example.chat");
            assertThat(c.sandbox()).isFalse();
        });
        final String upper = TOKEN.toUpperCase(Locale.ROOT);
        assertThat(ChatCommand.parse("  /push   " + upper + "  com.example.chat   sandbox ")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.PUSH);
            assertThat(c.text()).isEqualTo(upper);
            assertThat(c.topic()).isEqualTo("com.example.chat");
            assertThat(c.sandbox()).isTrue();
        });
        assertThat(ChatCommand.parse("/push " + TOKEN + " com.example.chat SANDBOX").sandbox()).isTrue();
    }

    @Test
    void push_mistakes_are_explained() {
        assertThat(ChatCommand.parse("/push").text()).isEqualTo(ChatCommand.PUSH_USAGE);
        assertThat(ChatCommand.parse("/push " + TOKEN).text()).isEqualTo(ChatCommand.PUSH_USAGE);
        assertThat(ChatCommand.parse("/push " + TOKEN + " com.example.chat sandbox extra").text())
                .isEqualTo(ChatCommand.PUSH_USAGE);
        assertThat(ChatCommand.parse("/push " + TOKEN + " com.example.chat production")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.INVALID);
            assertThat(c.text()).startsWith("the third argument of /push can only be \"sandbox\"");
        });
        for (final String token : new String[] {"0011223344556677889", "00112233445566", "0011223344556677zz",
                "ab".repeat(101)}) {
            assertThat(ChatCommand.parse("/push " + token + " com.example.chat")).satisfies(c -> {
                assertThat(c.kind()).isEqualTo(Kind.INVALID);
                assertThat(c.text()).startsWith("not an APNs device token: 16 to 200 hex digits, an even count")
                        .endsWith(ChatCommand.PUSH_USAGE);
            });
        }
        for (final String topic : new String[] {"com/example", "com.example+chat", "x".repeat(201)}) {
            assertThat(ChatCommand.parse("/push " + TOKEN + " " + topic)).satisfies(c -> {
                assertThat(c.kind()).isEqualTo(Kind.INVALID);
                assertThat(c.text()).startsWith("not a bundle id: 1 to 200 characters");
            });
        }
        assertThat(ChatCommand.parse("/push " + "ab".repeat(100) + " " + "x".repeat(200)).kind())
                .isEqualTo(Kind.PUSH);
    }

    @Test
    void unpush_takes_no_arguments() {
        assertThat(ChatCommand.parse("/unpush").kind()).isEqualTo(Kind.UNPUSH);
        assertThat(ChatCommand.parse("/unpush now").text()).isEqualTo("usage: /unpush (it takes no arguments)");
    }
}
