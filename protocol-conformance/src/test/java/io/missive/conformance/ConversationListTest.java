package io.missive.conformance;

import io.missive.protocol.v1.ConversationPage;
import io.missive.protocol.v1.ConversationSettings;
import io.missive.protocol.v1.ConversationSummary;
import io.missive.protocol.v1.ConversationType;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.Role;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.UpdateConversationSettings;
import io.missive.protocol.v1.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Section "Conversation list and settings" of docs/protocol.md: list, find and update settings. */
@Timeout(30)
class ConversationListTest extends ConformanceTest {

    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 5 code points
    private static final String FLAG = "\uD83C\uDDEB\uD83C\uDDF7"; // 2 code points
    private static final String THUMBS_UP_MEDIUM = "\uD83D\uDC4D\uD83C\uDFFD"; // 2 code points
    private static final String E_ACUTE = "e\u0301"; // 2 code points
    private static final String GRIN = "\uD83D\uDE00"; // 1 code point, 2 UTF-16 units

    private static String a(final int count) {
        return "a".repeat(count);
    }

    private static List<ConversationSummary> list(final RawClient device) {
        return ok(device.request(Uplinks.listConversations("", 200))).getConversations().getConversationsList();
    }

    private static Optional<ConversationSummary> row(final RawClient device, final String conversation) {
        return list(device).stream().filter(c -> c.getConversationId().equals(conversation)).findFirst();
    }

    /** The row once the list shows the conversation's latest message (the list may trail it a little). */
    private static ConversationSummary settledRow(final RawClient device, final String conversation,
                                                  final long latestSeq) {
        return await().until(() -> row(device, conversation), r -> r.isPresent()
                && r.get().getLastMessage().getSeq() == latestSeq).orElseThrow();
    }

    static Stream<Arguments> previews() {
        return Stream.of(
                Arguments.of("a short text stays whole", "hello", "hello"),
                Arguments.of("plain text is cut after 200 characters", a(250), a(200)),
                Arguments.of("200 code points stay whole though they take 400 UTF-16 units",
                        GRIN.repeat(201), GRIN.repeat(200)),
                Arguments.of("a ZWJ sequence across the cut is left out whole", a(198) + FAMILY + "zz", a(198)),
                Arguments.of("a ZWJ sequence ending at the cut is kept", a(195) + FAMILY + "zz", a(195) + FAMILY),
                Arguments.of("a letter whose combining mark falls after the cut is left out", a(199) + E_ACUTE + "z",
                        a(199)),
                Arguments.of("a flag across the cut is left out", a(199) + FLAG + "z", a(199)),
                Arguments.of("a flag ending at the cut is kept", a(198) + FLAG + "z", a(198) + FLAG),
                Arguments.of("an emoji with its skin tone across the cut is left out",
                        a(199) + THUMBS_UP_MEDIUM + "z", a(199)),
                Arguments.of("a first cluster longer than 200 code points is cut at a code point",
                        "e" + "\u0301".repeat(250), "e" + "\u0301".repeat(199)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("previews")
    void the_preview_is_cut_to_at_most_200_code_points_never_inside_a_grapheme_cluster(
            final String rule, final String text, final String preview) {
        final RawClient alice = connectNewUser("alice");
        final String conversation = send(alice, newUser("bob"), text).getConversationId();
        final ConversationSummary summary = settledRow(alice, conversation, 1);
        assertThat(summary.getLastMessage().getContent().getText()).isEqualTo(preview);
        // the message itself is stored whole
        assertThat(latest(alice, conversation).getMessages(0).getContent().getText()).isEqualTo(text);
    }

    @Test
    void the_list_holds_the_users_conversations_most_recent_activity_first() {
        final RawClient alice = connectNewUser("alice");
        final String group = ok(alice.request(Uplinks.createGroup(requestId(), "oldest", newUser("gina"))))
                .getGroup().getConversationId();
        final List<String> expected = new ArrayList<>(List.of(group));
        for (final String peer : List.of("bob", "carol", "dave")) {
            expected.add(0, send(alice, newUser(peer), "hi " + peer).getConversationId());
            settledRow(alice, expected.get(0), 1);
        }
        await().untilAsserted(() -> assertThat(list(alice)).extracting(ConversationSummary::getConversationId)
                .containsExactlyElementsOf(expected));
    }

    @Test
    void a_direct_row_names_the_peer_and_a_group_row_its_name_with_the_users_role_and_joined_seq() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String direct = send(alice, bob.userId(), "one").getConversationId();
        sendTo(bob, direct, "two");
        final ConversationSummary directRow = settledRow(alice, direct, 2);
        assertThat(directRow.getType()).isEqualTo(ConversationType.DIRECT);
        assertThat(directRow.getName()).isEqualTo(bob.userId());
        assertThat(directRow.getLatestSeq()).isEqualTo(2);
        assertThat(directRow.getLastActivityMs()).isPositive();
        assertThat(directRow.getLastMessage().getContent().getText()).isEqualTo("two");
        assertThat(directRow.getLastMessage().getSenderUserId()).isEqualTo(bob.userId());
        assertThat(directRow.getMemberCount()).isEqualTo(2);
        assertThat(directRow.getJoinedSeq()).isZero();
        assertThat(directRow.getRole()).isEqualTo(Role.MEMBER);
        assertThat(directRow.getMuted()).isFalse();
        assertThat(directRow.getLabel()).isEmpty();

        final String group = ok(alice.request(Uplinks.createGroup(requestId(), "friends", bob.userId(),
                newUser("carol")))).getGroup().getConversationId();
        sendTo(bob, group, "hello group");
        final ConversationSummary groupRow = settledRow(alice, group, 2);
        assertThat(groupRow.getType()).isEqualTo(ConversationType.GROUP);
        assertThat(groupRow.getName()).isEqualTo("friends");
        assertThat(groupRow.getLatestSeq()).isEqualTo(2);
        assertThat(groupRow.getLastMessage().getContent().getText()).isEqualTo("hello group");
        assertThat(groupRow.getMemberCount()).isEqualTo(3);
        assertThat(groupRow.getJoinedSeq()).isEqualTo(1);
        assertThat(groupRow.getRole()).isEqualTo(Role.OWNER);
        assertThat(settledRow(bob, group, 2).getRole()).isEqualTo(Role.MEMBER);
    }

    @Test
    void pages_follow_next_cursor_until_it_is_empty() {
        final RawClient alice = connectNewUser("alice");
        final List<String> conversations = new ArrayList<>();
        for (final String peer : List.of("bob", "carol", "dave")) {
            conversations.add(send(alice, newUser(peer), "hi").getConversationId());
        }
        await().until(() -> list(alice).size() == 3);
        final List<String> paged = new ArrayList<>();
        String cursor = "";
        do {
            final ConversationPage page = ok(alice.request(Uplinks.listConversations(cursor, 2))).getConversations();
            assertThat(page.getConversationsCount()).isLessThanOrEqualTo(2);
            page.getConversationsList().forEach(c -> paged.add(c.getConversationId()));
            cursor = page.getNextCursor();
        } while (!cursor.isEmpty());
        assertThat(paged).containsExactlyInAnyOrderElementsOf(conversations);
    }

    @ParameterizedTest
    @ValueSource(ints = {201, -1})
    void a_list_limit_out_of_range_is_invalid_argument(final int limit) {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.listConversations("", limit)), "limit");
    }

    @Test
    void a_cursor_the_server_did_not_hand_out_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.listConversations("not a cursor", 10)), "cursor");
    }

    @Test
    void find_conversation_finds_the_direct_conversation_once_it_has_been_used() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        assertRefused(alice.request(Uplinks.findConversation(bob)), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.NOT_FOUND);
        final String direct = send(alice, bob, "hi").getConversationId();
        final ConversationSummary found = ok(alice.request(Uplinks.findConversation(bob))).getConversation();
        assertThat(found.getConversationId()).isEqualTo(direct);
        assertThat(found.getType()).isEqualTo(ConversationType.DIRECT);
        // the asker is always counted in
        assertThat(ok(alice.request(Uplinks.findConversation(bob, alice.userId()))).getConversation()
                .getConversationId()).isEqualTo(direct);
    }

    @Test
    void find_conversation_finds_a_group_of_exactly_these_members_the_asker_is_in() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String carol = newUser("carol");
        final String group = ok(alice.request(Uplinks.createGroup(requestId(), "trio", bob.userId(), carol)))
                .getGroup().getConversationId();
        assertThat(ok(alice.request(Uplinks.findConversation(carol, bob.userId()))).getConversation()
                .getConversationId()).isEqualTo(group);
        assertRefused(alice.request(Uplinks.findConversation(bob.userId(), carol, newUser("dave"))),
                IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.NOT_FOUND);
        ok(bob.request(Uplinks.leaveGroup(requestId(), group)));
        assertRefused(bob.request(Uplinks.findConversation(alice.userId(), carol)), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.NOT_FOUND);
        assertRefused(alice.request(Uplinks.findConversation(carol, bob.userId())), IMPLEMENTATION_SPECIFIC_ERROR,
                ErrorCode.NOT_FOUND);
    }

    @Test
    void find_conversation_without_another_user_or_with_an_invalid_id_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.findConversation()), "participant_ids");
        assertInvalid(alice.request(Uplinks.findConversation(alice.userId())), "participant_ids");
        assertInvalid(alice.request(Uplinks.findConversation(newUser("bob"), "not a user")), "participant_ids");
    }

    @Test
    void update_settings_answers_the_settings_and_enters_them_into_the_users_stream() {
        final RawClient alice = connectNewUser("alice");
        final RawClient tablet = connect(alice.userId());
        final String conversation = send(alice, newUser("bob"), "hi").getConversationId();
        final ConversationSettings labelled = ok(alice.request(Uplinks.label(conversation, "family"))).getSettings();
        assertThat(labelled).isEqualTo(ConversationSettings.newBuilder().setConversationId(conversation)
                .setLabel("family").build());
        // an unset field stays as it is
        final ConversationSettings muted = ok(alice.request(Uplinks.mute(conversation, true))).getSettings();
        assertThat(muted.getMuted()).isTrue();
        assertThat(muted.getLabel()).isEqualTo("family");
        final SyncEvent event = tablet.awaitEvent(e -> e.hasSettings() && e.getSettings().equals(muted));
        assertThat(event.getVersion()).isPositive();
        final ConversationSummary row = row(alice, conversation).orElseThrow();
        assertThat(row.getMuted()).isTrue();
        assertThat(row.getLabel()).isEqualTo("family");
        assertThat(ok(alice.request(Uplinks.label(conversation, ""))).getSettings().getLabel()).isEmpty();
    }

    @Test
    void every_accepted_update_enters_an_event_even_when_nothing_changed() {
        final RawClient alice = connectNewUser("alice");
        final String conversation = send(alice, newUser("bob"), "hi").getConversationId();
        ok(alice.request(Uplinks.mute(conversation, true)));
        ok(alice.request(Uplinks.mute(conversation, true)));
        await().until(() -> alice.events().stream().filter(SyncEvent::hasSettings).count() == 2);
        final List<SyncEvent> settings = alice.events().stream().filter(SyncEvent::hasSettings).toList();
        assertThat(settings.get(1).getVersion()).isGreaterThan(settings.get(0).getVersion());
    }

    @Test
    void a_label_of_64_characters_is_accepted_and_65_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        final String conversation = send(alice, newUser("bob"), "hi").getConversationId();
        assertThat(ok(alice.request(Uplinks.label(conversation, GRIN.repeat(64)))).getSettings().getLabel())
                .isEqualTo(GRIN.repeat(64));
        assertInvalid(alice.request(Uplinks.label(conversation, "x".repeat(65))), "label");
        assertThat(row(alice, conversation).orElseThrow().getLabel()).isEqualTo(GRIN.repeat(64));
    }

    @Test
    void an_update_with_neither_field_or_an_empty_conversation_id_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        final String conversation = send(alice, newUser("bob"), "hi").getConversationId();
        assertInvalid(alice.request(Uplink.newBuilder().setUpdateSettings(UpdateConversationSettings.newBuilder()
                .setConversationId(conversation)).build()));
        assertInvalid(alice.request(Uplinks.mute("", true)), "conversation_id");
    }

    @Test
    void updating_the_settings_of_a_conversation_the_user_does_not_belong_to_is_not_a_member() {
        assertNotAMemberOfAnyForeignConversation(connectNewUser("alice"), id -> Uplinks.mute(id, true));
    }
}
