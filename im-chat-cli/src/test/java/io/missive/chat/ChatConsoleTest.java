package io.missive.chat;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.ConversationType;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.GroupChange;
import io.missive.sdk.GroupChange.Kind;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.Member;
import io.missive.sdk.MemberPage;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChatConsoleTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StubClient client = new StubClient("alice", "alice-laptop");
    private ChatConsole console;

    @BeforeEach
    void setUp() {
        console = new ChatConsole(client, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ChatMessage message(final long seq, final String sender, final String text) {
        return ChatMessage.builder().conversationId("dm:alice:bob").seq(seq).messageId("m" + seq)
                .senderUserId(sender).senderDeviceId(sender + "-phone").clientMsgId("c" + seq)
                .serverTime(Instant.EPOCH).text(text).build();
    }

    @Test
    void incoming_messages_print_as_conversation_seq_sender_text() {
        console.onMessage(message(7, "bob", "hello there"));

        assertThat(output()).isEqualTo("[dm:alice:bob #7] bob: hello there" + System.lineSeparator());
    }

    @Test
    void at_user_sends_and_then_plain_lines_go_to_the_same_target() {
        console.handle("@bob hello there");
        console.handle("and more");

        assertThat(client.sent).containsExactly("bob:hello there", "bob:and more");
        assertThat(console.target()).isEqualTo("bob");
    }

    @Test
    void a_plain_line_without_a_target_is_not_sent() {
        console.handle("hello?");

        assertThat(client.sent).isEmpty();
        assertThat(output()).contains("nobody to send to yet");
    }

    @Test
    void a_failed_send_is_reported() {
        client.sendFailure = new MissiveException(ErrorCode.NOT_FOUND, "no such user");

        console.handle("@zed hi");

        assertThat(output()).contains("! not sent to zed: NOT_FOUND: no such user");
    }

    @Test
    void history_shows_the_last_messages_with_the_current_user() {
        client.page = HistoryPage.of("dm:alice:bob",
                List.of(message(4, "alice", "four"), message(5, "bob", "five")), true, 5);
        console.handle("/to bob");

        console.handle("/history 2");

        assertThat(client.historyRequests).containsExactly("dm:alice:bob BEFORE 0 limit 2");
        assertThat(output()).contains("-- last 2 with bob (older ones exist) --",
                "[dm:alice:bob #4] alice: four", "[dm:alice:bob #5] bob: five");
    }

    @Test
    void history_without_a_target_asks_for_one() {
        console.handle("/history");

        assertThat(client.historyRequests).isEmpty();
        assertThat(output()).contains("! no current target: use /to user (or /to g:<group id>) first");
    }

    @Test
    void input_ends_at_quit() throws Exception {
        console.run(new BufferedReader(new StringReader("@bob one\n/quit\n@bob never\n")));

        assertThat(client.sent).containsExactly("bob:one");
    }

    // ---- groups and the conversation list -------------------------------------------------------

    private static final String GROUP = StubClient.GROUP_ID;
    private static final String NL = System.lineSeparator();

    private static ChatMessage event(final long seq, final String sender, final GroupChange change) {
        return ChatMessage.builder().conversationId(GROUP).seq(seq).messageId("m" + seq)
                .senderUserId(sender).senderDeviceId(sender + "-phone").clientMsgId("r" + seq)
                .serverTime(Instant.EPOCH).change(change).build();
    }

    private static GroupChange change(final Kind kind, final List<String> users, final String name) {
        return GroupChange.of(kind, users, name, null, null);
    }

    private String printed(final ChatMessage message) {
        console.onMessage(message);
        final String all = output();
        final String[] lines = all.split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    void a_group_target_gets_plain_lines_as_conversation_messages() {
        console.handle("/to " + GROUP);
        console.handle("hello all");
        console.handle("@bob just you");
        console.handle("@" + GROUP + " back in the group");

        assertThat(output()).contains("* talking to " + GROUP);
        assertThat(client.sent).containsExactly(GROUP + ":hello all", "bob:just you", GROUP + ":back in the group");
        assertThat(console.target()).isEqualTo(GROUP);
    }

    @Test
    void a_refused_group_message_is_reported() {
        client.sendFailure = new MissiveException(ErrorCode.NOT_A_MEMBER, "not a member");
        console.handle("/to " + GROUP);

        console.handle("hi");

        assertThat(output()).contains("! not sent to " + GROUP + ": NOT_A_MEMBER: not a member");
    }

    @Test
    void history_works_for_a_group_target_and_shows_events_in_words() {
        client.page = HistoryPage.of(GROUP, List.of(
                event(1, "alice", change(Kind.CREATED, List.of("alice", "bob"), "Trip")),
                ChatMessage.builder().conversationId(GROUP).seq(2).messageId("m2").senderUserId("bob")
                        .senderDeviceId("bob-phone").clientMsgId("c2").serverTime(Instant.EPOCH).text("hi").build()),
                false, 2);
        console.handle("/to " + GROUP);

        console.handle("/history 5");

        assertThat(client.historyRequests).containsExactly(GROUP + " BEFORE 0 limit 5");
        assertThat(output()).contains("-- last 2 in " + GROUP + " --" + NL
                + "[" + GROUP + " #1] alice created \"Trip\" with bob" + NL
                + "[" + GROUP + " #2] bob: hi" + NL + "--");
    }

    @Test
    void group_creates_the_group_prints_its_id_and_makes_it_the_target() {
        console.handle("/to bob");

        console.handle("/group \"Trip to Rome\" bob carol");
        console.handle("who is in?");

        assertThat(client.groupCalls).containsExactly("createGroup Trip to Rome [bob, carol]");
        assertThat(output()).contains("* created group \"Trip to Rome\" " + GROUP + " (3 members); talking to it now");
        assertThat(console.target()).isEqualTo(GROUP);
        assertThat(client.sent).containsExactly(GROUP + ":who is in?");
    }

    @Test
    void a_refused_group_creation_is_reported_and_keeps_the_target() {
        client.groupFailure = new MissiveException(ErrorCode.NOT_FOUND, "no such user: zed");
        console.handle("/to bob");

        console.handle("/group Trip zed");

        assertThat(output()).contains("! group not created: NOT_FOUND: no such user: zed");
        assertThat(console.target()).isEqualTo("bob");
    }

    @Test
    void add_remove_and_rename_act_on_the_current_group() {
        console.handle("/to " + GROUP);

        console.handle("/add dave erin");
        console.handle("/remove bob");
        console.handle("/rename Trip to Rome");

        assertThat(client.groupCalls).containsExactly(
                "addMembers " + GROUP + " [dave, erin]",
                "removeMembers " + GROUP + " [bob]",
                "renameGroup " + GROUP + " Trip to Rome");
        // Success shows up as the group event; nothing else is printed.
        assertThat(output()).isEqualTo("* talking to " + GROUP + NL);
    }

    @Test
    void refused_group_changes_are_reported() {
        client.groupFailure = new MissiveException(ErrorCode.NOT_AUTHORIZED, "only the owner and admins may do this");
        console.handle("/to " + GROUP);

        console.handle("/add dave");
        console.handle("/remove bob");
        console.handle("/rename New");
        console.handle("/leave");
        console.handle("/members");

        assertThat(output()).contains(
                "! not added to " + GROUP + ": NOT_AUTHORIZED: only the owner and admins may do this",
                "! not removed from " + GROUP + ": NOT_AUTHORIZED",
                "! " + GROUP + " not renamed: NOT_AUTHORIZED",
                "! did not leave " + GROUP + ": NOT_AUTHORIZED",
                "! members of " + GROUP + " not listed: NOT_AUTHORIZED");
        assertThat(console.target()).isEqualTo(GROUP);
    }

    @Test
    void group_commands_need_a_group_as_the_current_target() {
        console.handle("/add dave");
        console.handle("/to bob");
        console.handle("/members");
        console.handle("/leave");
        console.handle("/rename X");
        console.handle("/remove carol");

        assertThat(client.groupCalls).isEmpty();
        assertThat(output()).contains(
                "! /add works on a group, and there is no current target: use /to g:<group id>, or create one with /group",
                "! /members works on a group, and the current target bob is a user",
                "! /leave works on a group",
                "! /rename works on a group",
                "! /remove works on a group");
    }

    @Test
    void removing_oneself_points_to_leave() {
        console.handle("/to " + GROUP);

        console.handle("/remove bob alice");

        assertThat(client.groupCalls).isEmpty();
        assertThat(output()).contains("! to take yourself out of the group, use /leave");
    }

    @Test
    void leave_leaves_the_current_group_and_clears_the_target() {
        console.handle("/to " + GROUP);

        console.handle("/leave");
        console.handle("anyone?");

        assertThat(client.groupCalls).containsExactly("leaveGroup " + GROUP);
        assertThat(console.target()).isNull();
        assertThat(output()).contains("* you left " + GROUP + "; no current target now", "! nobody to send to yet");
        assertThat(client.sent).isEmpty();
    }

    @Test
    void members_lists_the_current_group_with_roles() {
        client.members = MemberPage.of(GROUP, List.of(Member.of("alice", Role.OWNER, 1),
                Member.of("bob", Role.ADMIN, 1), Member.of("carol", Role.MEMBER, 4)), false);
        console.handle("/to " + GROUP);

        console.handle("/members");

        assertThat(client.groupCalls).containsExactly("listMembers " + GROUP + " after null limit "
                + ChatConsole.MAX_MEMBERS_SHOWN);
        assertThat(output()).contains("-- 3 members of " + GROUP + " --" + NL
                + "  alice (owner)" + NL + "  bob (admin)" + NL + "  carol" + NL + "--");
    }

    @Test
    void members_says_when_there_are_more_than_shown() {
        client.members = MemberPage.of(GROUP, List.of(Member.of("alice", Role.OWNER, 1)), true);
        console.handle("/to " + GROUP);

        console.handle("/members");

        assertThat(output()).contains("-- first 1 members of " + GROUP + " (more exist) --");
    }

    @Test
    void list_prints_id_name_seq_preview_muted_and_label() {
        final ChatMessage longText = ChatMessage.builder().conversationId(GROUP).seq(12).messageId("m12")
                .senderUserId("bob").senderDeviceId("bob-phone").clientMsgId("c12").serverTime(Instant.EPOCH)
                .text("see you\nat the station at nine, platform four, bring the tickets").build();
        client.conversations = ConversationPage.of(List.of(
                ConversationSummary.builder().conversationId(GROUP).type(ConversationType.GROUP).name("Trip")
                        .latestSeq(12).lastMessage(longText).muted(true).label("travel").memberCount(3).build(),
                ConversationSummary.builder().conversationId("dm:alice:bob").name("bob").latestSeq(5)
                        .lastMessage(message(5, "alice", "hi")).memberCount(2).build(),
                ConversationSummary.builder().conversationId("g:bbbbbbbbbbbbbbbbbbbbbbbbbb").type(ConversationType.GROUP)
                        .name("Club").latestSeq(3).lastMessage(event(3, "carol",
                                change(Kind.MEMBERS_ADDED, List.of("alice"), null))).build(),
                ConversationSummary.builder().conversationId("dm:alice:dave").name("dave").build()),
                "next");

        console.handle("/list 4");

        assertThat(client.groupCalls).containsExactly("listConversations after null limit 4");
        assertThat(output()).isEqualTo("-- 4 conversations (more exist) --" + NL
                + GROUP + "  \"Trip\"  #12  muted  label \"travel\"  bob: see you at the station at nine,..." + NL
                + "dm:alice:bob  \"bob\"  #5  alice: hi" + NL
                + "g:bbbbbbbbbbbbbbbbbbbbbbbbbb  \"Club\"  #3  carol added alice" + NL
                + "dm:alice:dave  \"dave\"  #0  (no messages yet)" + NL
                + "--" + NL);
    }

    @Test
    void list_defaults_to_twenty_and_says_when_there_is_nothing() {
        console.handle("/list");

        assertThat(client.groupCalls).containsExactly("listConversations after null limit 20");
        assertThat(output()).isEqualTo("-- no conversations yet --" + NL);
    }

    @Test
    void a_failed_list_is_reported() {
        client.groupFailure = new MissiveException(ErrorCode.NOT_CONNECTED, "not connected");

        console.handle("/list");

        assertThat(output()).isEqualTo("! conversation list failed: NOT_CONNECTED: not connected" + NL);
    }

    @Test
    void mute_and_unmute_the_current_targets_conversation() {
        console.handle("/to bob");
        console.handle("/mute");
        console.handle("/to " + GROUP);
        console.handle("/unmute");

        assertThat(client.groupCalls).containsExactly(
                "updateConversationSettings dm:alice:bob muted true label null",
                "updateConversationSettings " + GROUP + " muted false label null");
        assertThat(output()).contains("* muted dm:alice:bob", "* unmuted " + GROUP);
    }

    @Test
    void mute_needs_a_target_and_reports_a_failure() {
        console.handle("/mute");
        assertThat(output()).contains("! no current target to mute");
        assertThat(client.groupCalls).isEmpty();

        client.groupFailure = new MissiveException(ErrorCode.NOT_FOUND, "no such conversation");
        console.handle("/to carol");
        console.handle("/unmute");

        assertThat(output()).contains("! dm:alice:carol not unmuted: NOT_FOUND: no such conversation");
    }

    @Test
    void incoming_group_events_print_in_words() {
        final String at = "[" + GROUP + " #";
        assertThat(printed(event(1, "alice", change(Kind.CREATED, List.of("alice", "bob", "carol"), "Trip"))))
                .isEqualTo(at + "1] alice created \"Trip\" with bob, carol");
        assertThat(printed(event(2, "alice", change(Kind.CREATED, List.of("alice"), "Notes"))))
                .isEqualTo(at + "2] alice created \"Notes\"");
        assertThat(printed(event(3, "alice", change(Kind.MEMBERS_ADDED, List.of("bob", "carol"), null))))
                .isEqualTo(at + "3] alice added bob, carol");
        assertThat(printed(event(4, "alice", change(Kind.MEMBERS_REMOVED, List.of("bob"), null))))
                .isEqualTo(at + "4] alice removed bob");
        assertThat(printed(event(5, "alice", change(Kind.RENAMED, List.of(), "X"))))
                .isEqualTo(at + "5] alice renamed the group to \"X\"");
        assertThat(printed(event(6, "carol", change(Kind.MEMBER_LEFT, List.of("carol"), null))))
                .isEqualTo(at + "6] carol left");
        assertThat(printed(event(7, "alice", GroupChange.of(Kind.MEMBER_LEFT, List.of("alice"), null, null, "bob"))))
                .isEqualTo(at + "7] alice left; bob is the owner now");
        assertThat(printed(event(8, "bob", GroupChange.of(Kind.ROLE_CHANGED, List.of("dave"), null, Role.ADMIN, null))))
                .isEqualTo(at + "8] bob made dave an admin");
        assertThat(printed(event(9, "bob", GroupChange.of(Kind.ROLE_CHANGED, List.of("carol"), null, Role.OWNER,
                "carol")))).isEqualTo(at + "9] bob made carol the owner");
        assertThat(printed(event(10, "bob", GroupChange.of(Kind.ROLE_CHANGED, List.of("dave", "erin"), null,
                Role.MEMBER, null)))).isEqualTo(at + "10] bob made dave, erin plain members");
        assertThat(printed(event(11, "bob", change(Kind.UNKNOWN, List.of(), null))))
                .isEqualTo(at + "11] bob changed the group");
    }

    // ---- push notifications ---------------------------------------------------------------------

    private static final String TOKEN = "00112233445566778899aabbccddeeff";

    @Test
    void push_registers_the_device_and_prints_the_registration() {
        console.handle("/push " + TOKEN + " com.example.chat");
        console.handle("/push " + TOKEN + " com.example.chat sandbox");

        assertThat(client.pushCalls).containsExactly(
                "registerPush " + TOKEN + " com.example.chat production",
                "registerPush " + TOKEN + " com.example.chat sandbox");
        assertThat(output()).isEqualTo("* push notifications on for com.example.chat (APNs production)" + NL
                + "* push notifications on for com.example.chat (APNs sandbox)" + NL);
    }

    @Test
    void unpush_removes_the_registration() {
        console.handle("/unpush");

        assertThat(client.pushCalls).containsExactly("unregisterPush");
        assertThat(output()).isEqualTo("* push notifications off: this device has no push registration" + NL);
    }

    @Test
    void a_bad_push_command_is_explained_and_nothing_is_sent() {
        console.handle("/push " + TOKEN);
        console.handle("/push xyz com.example.chat");

        assertThat(client.pushCalls).isEmpty();
        assertThat(output()).isEqualTo("! " + ChatCommand.PUSH_USAGE + NL
                + "! not an APNs device token: 16 to 200 hex digits, an even count; " + ChatCommand.PUSH_USAGE + NL);
    }

    @Test
    void refused_push_calls_are_reported() {
        client.pushFailure = new MissiveException(ErrorCode.INVALID_ARGUMENT, "not an APNs device token");
        console.handle("/push " + TOKEN + " com.example.chat");
        client.pushFailure = new MissiveException(ErrorCode.NOT_CONNECTED, "not connected");
        console.handle("/unpush");
        client.pushFailure = new IllegalArgumentException("not an APNs topic");
        console.handle("/push " + TOKEN + " com.example.chat");

        assertThat(output()).isEqualTo(
                "! push not registered: INVALID_ARGUMENT: not an APNs device token" + NL
                + "! push registration not removed: NOT_CONNECTED: not connected" + NL
                + "! push not registered: not an APNs topic" + NL);
    }

    @Test
    void help_names_the_push_commands() {
        console.handle("/help");

        assertThat(output()).contains("/push <hex-token> <bundle-id> [sandbox]", "/unpush");
    }

    @Test
    void help_names_the_group_commands() {
        console.handle("/help");

        assertThat(output()).contains("/to g:<id>", "/group NAME [user...]", "/add user...", "/remove user...",
                "/rename NAME", "/members", "/leave", "/list [n]", "/mute, /unmute");
    }
}
