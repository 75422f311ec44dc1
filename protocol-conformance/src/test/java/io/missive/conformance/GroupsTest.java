package io.missive.conformance;

import io.missive.protocol.Ids;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.GroupChange;
import io.missive.protocol.v1.GroupInfo;
import io.missive.protocol.v1.HistoryPage;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.Member;
import io.missive.protocol.v1.MemberPage;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.Role;
import io.missive.protocol.v1.SetMemberRole;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Section "Groups" of docs/protocol.md: creating groups, changing them, their members and their log. */
@Timeout(30)
class GroupsTest extends ConformanceTest {

    /** The requests that take a group's conversation id; {@code other} is another existing user. */
    enum GroupRequest {
        ADD_MEMBERS((group, other) -> Uplinks.addMembers(requestId(), group, other)),
        REMOVE_MEMBERS((group, other) -> Uplinks.removeMembers(requestId(), group, other)),
        LEAVE_GROUP((group, other) -> Uplinks.leaveGroup(requestId(), group)),
        RENAME_GROUP((group, other) -> Uplinks.renameGroup(requestId(), group, "a new name")),
        SET_MEMBER_ROLE((group, other) -> Uplinks.setMemberRole(requestId(), group, other, Role.ADMIN)),
        LIST_MEMBERS((group, other) -> Uplinks.listMembers(group, "", 0));

        private final BiFunction<String, String, Uplink> request;

        GroupRequest(final BiFunction<String, String, Uplink> request) {
            this.request = request;
        }

        @NotNull Uplink on(final String group, final String other) {
            return request.apply(group, other);
        }
    }

    private static GroupInfo create(final RawClient owner, final String name, final String... members) {
        return ok(owner.request(Uplinks.createGroup(requestId(), name, members))).getGroup();
    }

    private static GroupInfo change(final RawClient who, final Uplink request) {
        return ok(who.request(request)).getGroup();
    }

    private static List<Member> members(final RawClient who, final String group) {
        return ok(who.request(Uplinks.listMembers(group, "", 0))).getMembers().getMembersList();
    }

    private static Message event(final RawClient reader, final String group, final long seq) {
        return ok(reader.request(Uplinks.history(group, HistoryRequest.Direction.AFTER, seq - 1, 1))).getHistory()
                .getMessages(0);
    }

    private static SyncEvent streamEntry(final RawClient device, final String group, final GroupChange.Kind kind) {
        return device.awaitEvent(e -> e.getMessage().getConversationId().equals(group)
                && e.getMessage().getChange().getKind() == kind);
    }

    @Test
    void creating_a_group_makes_the_sender_its_owner_and_stores_created_as_seq_1() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String carol = newUser("carol");
        final long before = System.currentTimeMillis();
        final GroupInfo info = create(alice, "friends", bob.userId(), carol);
        assertThat(info.getConversationId()).matches("g:[a-z2-7]{26}");
        assertThat(info.getName()).isEqualTo("friends");
        assertThat(info.getOwnerUserId()).isEqualTo(alice.userId());
        assertThat(info.getMemberCount()).isEqualTo(3);
        assertThat(info.getChangeSeq()).isEqualTo(1);
        assertThat(info.getCreatedMs()).isGreaterThan(before - 60_000);
        final Message created = event(alice, info.getConversationId(), 1);
        assertThat(created.getSenderUserId()).isEqualTo(alice.userId());
        assertThat(created.hasContent()).isFalse();
        assertThat(created.getChange().getKind()).isEqualTo(GroupChange.Kind.CREATED);
        assertThat(created.getChange().getUserIdsList()).containsExactly(alice.userId(), bob.userId(), carol);
        assertThat(created.getChange().getName()).isEqualTo("friends");
        // an entry of every initial member's stream, the creator's too
        assertThat(streamEntry(bob, info.getConversationId(), GroupChange.Kind.CREATED).getVersion()).isPositive();
        assertThat(streamEntry(alice, info.getConversationId(), GroupChange.Kind.CREATED).getVersion()).isPositive();
    }

    @Test
    void duplicate_member_ids_and_the_creator_among_them_count_once() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final GroupInfo info = create(alice, "pair", bob, bob, alice.userId());
        assertThat(info.getMemberCount()).isEqualTo(2);
        assertThat(members(alice, info.getConversationId())).extracting(Member::getUserId)
                .containsExactlyInAnyOrder(alice.userId(), bob);
    }

    @Test
    void a_name_of_100_characters_is_accepted_even_when_they_take_200_utf_16_units() {
        final RawClient alice = connectNewUser("alice");
        final String name = "\uD83D\uDE00".repeat(100);
        assertThat(create(alice, name, newUser("bob")).getName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void a_blank_name_is_invalid_argument(final String name) {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.createGroup(requestId(), name, newUser("bob"))), "name");
    }

    @Test
    void a_name_of_101_characters_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.createGroup(requestId(), "\uD83D\uDE00".repeat(101), newUser("bob"))),
                "name");
    }

    @Test
    void an_invalid_member_id_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(Uplinks.createGroup(requestId(), "friends", newUser("bob"), "not a user")),
                "member_ids");
    }

    @Test
    void a_member_who_does_not_exist_is_not_found_and_leaves_the_request_id_unused() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String requestId = requestId();
        assertRefused(alice.request(Uplinks.createGroup(requestId, "friends", bob, Strangers.unknownUser())),
                IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.NOT_FOUND);
        // no group came of it: its id names nothing yet
        assertRefused(alice.request(Uplinks.latest(Ids.groupConversation(alice.userId(), requestId))),
                NOT_AUTHORIZED, ErrorCode.NOT_A_MEMBER);
        final GroupInfo created = change(alice, Uplinks.createGroup(requestId, "friends", bob));
        assertThat(created.getChangeSeq()).isEqualTo(1);
    }

    @Test
    void reuse_existing_answers_the_group_of_exactly_these_members_as_it_is_with_change_seq_0() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final GroupInfo first = create(alice, "first", bob.userId());
        final GroupInfo reused = change(bob, Uplink.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                .setRequestId(requestId()).setName("second").addMemberIds(alice.userId()).setReuseExisting(true))
                .build());
        assertThat(reused.getConversationId()).isEqualTo(first.getConversationId());
        assertThat(reused.getChangeSeq()).isZero();
        assertThat(reused.getName()).isEqualTo("first");
        assertThat(reused.getOwnerUserId()).isEqualTo(alice.userId());
        assertThat(latestSeq(alice, first.getConversationId())).isEqualTo(1);
    }

    @Test
    void reuse_existing_without_such_a_group_creates_one() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        create(alice, "with bob", bob);
        final GroupInfo created = change(alice, Uplink.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                .setRequestId(requestId()).setName("with bob and carol").addMemberIds(bob)
                .addMemberIds(newUser("carol")).setReuseExisting(true)).build());
        assertThat(created.getChangeSeq()).isEqualTo(1);
        assertThat(created.getMemberCount()).isEqualTo(3);
    }

    @Test
    void owners_and_admins_add_members_and_each_new_member_learns_it_in_their_stream() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final RawClient dave = connectNewUser("dave");
        final String erin = newUser("erin");
        final String group = create(alice, "friends", bob.userId()).getConversationId();
        final GroupInfo added = change(alice, Uplinks.addMembers(requestId(), group, dave.userId()));
        assertThat(added.getChangeSeq()).isEqualTo(2);
        assertThat(added.getMemberCount()).isEqualTo(3);
        assertThat(event(alice, group, 2).getChange().getUserIdsList()).containsExactly(dave.userId());
        assertThat(streamEntry(dave, group, GroupChange.Kind.MEMBERS_ADDED).getVersion()).isPositive();
        change(alice, Uplinks.setMemberRole(requestId(), group, bob.userId(), Role.ADMIN));
        assertThat(change(bob, Uplinks.addMembers(requestId(), group, erin)).getMemberCount()).isEqualTo(4);
    }

    @Test
    void a_plain_member_may_not_add_remove_rename_or_change_roles() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String carol = newUser("carol");
        final String group = create(alice, "friends", bob.userId(), carol).getConversationId();
        for (final Uplink request : List.of(Uplinks.addMembers(requestId(), group, newUser("dave")),
                Uplinks.removeMembers(requestId(), group, carol), Uplinks.renameGroup(requestId(), group, "mine"),
                Uplinks.setMemberRole(requestId(), group, carol, Role.ADMIN))) {
            assertRefused(bob.request(request), NOT_AUTHORIZED, ErrorCode.NOT_AUTHORIZED);
        }
        assertThat(latestSeq(alice, group)).isEqualTo(1);
    }

    @Test
    void adding_no_one_or_only_current_members_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String group = create(alice, "friends", bob).getConversationId();
        assertInvalid(alice.request(Uplinks.addMembers(requestId(), group)), "user_ids");
        assertInvalid(alice.request(Uplinks.addMembers(requestId(), group, bob)));
        assertInvalid(alice.request(Uplinks.addMembers(requestId(), group, "not a user")), "user_ids");
        assertThat(latestSeq(alice, group)).isEqualTo(1);
    }

    @Test
    void adding_a_user_who_does_not_exist_is_not_found() {
        final RawClient alice = connectNewUser("alice");
        final String group = create(alice, "friends", newUser("bob")).getConversationId();
        assertRefused(alice.request(Uplinks.addMembers(requestId(), group, Strangers.unknownUser())),
                IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.NOT_FOUND);
        assertThat(latestSeq(alice, group)).isEqualTo(1);
    }

    @Test
    void the_owner_removes_anyone_but_themselves_and_the_removed_learn_it_in_their_stream() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String group = create(alice, "friends", bob.userId(), newUser("carol")).getConversationId();
        assertInvalid(alice.request(Uplinks.removeMembers(requestId(), group, alice.userId())), "user_ids");
        final GroupInfo removed = change(alice, Uplinks.removeMembers(requestId(), group, bob.userId()));
        assertThat(removed.getMemberCount()).isEqualTo(2);
        assertThat(event(alice, group, removed.getChangeSeq()).getChange().getKind())
                .isEqualTo(GroupChange.Kind.MEMBERS_REMOVED);
        assertThat(streamEntry(bob, group, GroupChange.Kind.MEMBERS_REMOVED).getVersion()).isPositive();
    }

    @Test
    void admins_remove_plain_members_only_and_nobody_removes_the_owner() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String carol = newUser("carol");
        final String dave = newUser("dave");
        final String group = create(alice, "friends", bob.userId(), carol, dave).getConversationId();
        change(alice, Uplinks.setMemberRole(requestId(), group, bob.userId(), Role.ADMIN));
        change(alice, Uplinks.setMemberRole(requestId(), group, carol, Role.ADMIN));
        final long latest = latestSeq(alice, group);
        assertRefused(bob.request(Uplinks.removeMembers(requestId(), group, carol)), NOT_AUTHORIZED,
                ErrorCode.NOT_AUTHORIZED);
        assertRefused(bob.request(Uplinks.removeMembers(requestId(), group, alice.userId())), NOT_AUTHORIZED,
                ErrorCode.NOT_AUTHORIZED);
        assertThat(latestSeq(alice, group)).isEqualTo(latest);
        assertThat(change(bob, Uplinks.removeMembers(requestId(), group, dave)).getMemberCount()).isEqualTo(3);
    }

    @Test
    void removing_someone_who_is_not_a_member_is_not_found() {
        final RawClient alice = connectNewUser("alice");
        final String group = create(alice, "friends", newUser("bob")).getConversationId();
        assertRefused(alice.request(Uplinks.removeMembers(requestId(), group, newUser("carol"))),
                IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.NOT_FOUND);
    }

    @Test
    void an_owner_leaving_hands_the_group_to_the_longest_standing_admin() {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final RawClient dave = connectNewUser("dave");
        final String group = create(alice, "friends", bob).getConversationId();
        change(alice, Uplinks.addMembers(requestId(), group, dave.userId()));
        change(alice, Uplinks.setMemberRole(requestId(), group, dave.userId(), Role.ADMIN));
        final GroupInfo left = change(alice, Uplinks.leaveGroup(requestId(), group));
        assertThat(left.getOwnerUserId()).isEqualTo(dave.userId());
        final GroupChange change = event(dave, group, left.getChangeSeq()).getChange();
        assertThat(change.getKind()).isEqualTo(GroupChange.Kind.MEMBER_LEFT);
        assertThat(change.getUserIdsList()).containsExactly(alice.userId());
        assertThat(change.getNewOwnerUserId()).isEqualTo(dave.userId());
    }

    @Test
    void an_owner_leaving_a_group_without_admins_hands_it_to_the_longest_standing_member() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String group = create(alice, "friends", bob.userId()).getConversationId();
        change(alice, Uplinks.addMembers(requestId(), group, newUser("aaron")));
        assertThat(change(alice, Uplinks.leaveGroup(requestId(), group)).getOwnerUserId()).isEqualTo(bob.userId());
    }

    @Test
    void a_member_who_leaves_learns_it_in_their_stream_and_is_no_longer_a_member() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final RawClient bobTablet = connect(bob.userId());
        final String group = create(alice, "friends", bob.userId()).getConversationId();
        assertThat(change(bob, Uplinks.leaveGroup(requestId(), group)).getMemberCount()).isEqualTo(1);
        assertThat(streamEntry(bobTablet, group, GroupChange.Kind.MEMBER_LEFT).getVersion()).isPositive();
        assertRefused(bob.request(Uplinks.leaveGroup(requestId(), group)), NOT_AUTHORIZED, ErrorCode.NOT_A_MEMBER);
    }

    @Test
    void owners_and_admins_rename_and_the_name_follows_the_name_rule() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String group = create(alice, "friends", bob.userId()).getConversationId();
        change(alice, Uplinks.setMemberRole(requestId(), group, bob.userId(), Role.ADMIN));
        final GroupInfo renamed = change(bob, Uplinks.renameGroup(requestId(), group, "best friends"));
        assertThat(renamed.getName()).isEqualTo("best friends");
        final GroupChange change = event(alice, group, renamed.getChangeSeq()).getChange();
        assertThat(change.getKind()).isEqualTo(GroupChange.Kind.RENAMED);
        assertThat(change.getName()).isEqualTo("best friends");
        assertInvalid(alice.request(Uplinks.renameGroup(requestId(), group, " ")), "name");
        assertInvalid(alice.request(Uplinks.renameGroup(requestId(), group, "x".repeat(101))), "name");
    }

    @Test
    void the_owner_sets_roles_and_transferring_ownership_makes_the_previous_owner_an_admin() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String group = create(alice, "friends", bob.userId()).getConversationId();
        final GroupInfo promoted = change(alice, Uplinks.setMemberRole(requestId(), group, bob.userId(), Role.ADMIN));
        final GroupChange change = event(alice, group, promoted.getChangeSeq()).getChange();
        assertThat(change.getKind()).isEqualTo(GroupChange.Kind.ROLE_CHANGED);
        assertThat(change.getUserIdsList()).containsExactly(bob.userId());
        assertThat(change.getRole()).isEqualTo(Role.ADMIN);
        final GroupInfo transferred = change(alice, Uplinks.setMemberRole(requestId(), group, bob.userId(),
                Role.OWNER));
        assertThat(transferred.getOwnerUserId()).isEqualTo(bob.userId());
        assertThat(event(alice, group, transferred.getChangeSeq()).getChange().getNewOwnerUserId())
                .isEqualTo(bob.userId());
        assertThat(members(alice, group)).extracting(Member::getUserId, Member::getRole)
                .containsExactlyInAnyOrder(tuple(alice.userId(), Role.ADMIN), tuple(bob.userId(), Role.OWNER));
        // an admin does not set roles
        assertRefused(alice.request(Uplinks.setMemberRole(requestId(), group, bob.userId(), Role.MEMBER)),
                NOT_AUTHORIZED, ErrorCode.NOT_AUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 99, -1})
    void an_unknown_role_is_invalid_argument(final int role) {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String group = create(alice, "friends", bob).getConversationId();
        final Uplink request = Uplink.newBuilder().setSetMemberRole(SetMemberRole.newBuilder()
                .setRequestId(requestId()).setConversationId(group).setUserId(bob).setRoleValue(role)).build();
        assertInvalid(alice.request(request), "role");
        assertThat(latestSeq(alice, group)).isEqualTo(1);
    }

    @Test
    void setting_the_role_of_oneself_or_of_an_invalid_user_id_is_invalid_argument() {
        final RawClient alice = connectNewUser("alice");
        final String group = create(alice, "friends", newUser("bob")).getConversationId();
        assertInvalid(alice.request(Uplinks.setMemberRole(requestId(), group, alice.userId(), Role.ADMIN)), "user_id");
        assertInvalid(alice.request(Uplinks.setMemberRole(requestId(), group, "not a user", Role.ADMIN)), "user_id");
    }

    @Test
    void setting_the_role_of_someone_who_is_not_a_member_is_not_found() {
        final RawClient alice = connectNewUser("alice");
        final String group = create(alice, "friends", newUser("bob")).getConversationId();
        assertRefused(alice.request(Uplinks.setMemberRole(requestId(), group, newUser("carol"), Role.ADMIN)),
                IMPLEMENTATION_SPECIFIC_ERROR, ErrorCode.NOT_FOUND);
    }

    @Test
    void list_members_pages_the_current_members_ascending_by_user_id() {
        final RawClient alice = connectNewUser("m-alice");
        final String bob = newUser("m-bob");
        final String carol = newUser("m-carol");
        final String group = create(alice, "friends", carol, bob).getConversationId();
        final MemberPage first = ok(alice.request(Uplinks.listMembers(group, "", 2))).getMembers();
        assertThat(first.getConversationId()).isEqualTo(group);
        assertThat(first.getMembersList()).extracting(Member::getUserId, Member::getRole, Member::getJoinedSeq)
                .containsExactly(tuple(alice.userId(), Role.OWNER, 1L), tuple(bob, Role.MEMBER, 1L));
        assertThat(first.getHasMore()).isTrue();
        final MemberPage rest = ok(alice.request(Uplinks.listMembers(group, bob, 2))).getMembers();
        assertThat(rest.getMembersList()).extracting(Member::getUserId).containsExactly(carol);
        assertThat(rest.getHasMore()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1001, -1})
    void a_member_page_limit_out_of_range_is_invalid_argument(final int limit) {
        final RawClient alice = connectNewUser("alice");
        final String group = create(alice, "friends", newUser("bob")).getConversationId();
        assertInvalid(alice.request(Uplinks.listMembers(group, "", limit)), "limit");
    }

    @Test
    void a_member_added_later_reads_from_the_event_that_let_them_in() {
        final RawClient alice = connectNewUser("alice");
        final RawClient dave = connectNewUser("dave");
        final String group = create(alice, "friends", newUser("bob")).getConversationId();
        sendTo(alice, group, "before dave");
        final long joined = change(alice, Uplinks.addMembers(requestId(), group, dave.userId())).getChangeSeq();
        sendTo(alice, group, "after dave");
        final HistoryPage page = latest(dave, group);
        assertThat(page.getMessagesList()).extracting(Message::getSeq).containsExactly(joined, joined + 1);
        assertThat(members(dave, group)).filteredOn(m -> m.getUserId().equals(dave.userId()))
                .extracting(Member::getJoinedSeq).containsExactly(joined);
    }

    @Test
    void a_former_member_reads_their_own_window_and_is_a_non_member_for_everything_else() {
        final RawClient alice = connectNewUser("alice");
        final RawClient bob = connectNewUser("bob");
        final String group = create(alice, "friends", bob.userId()).getConversationId();
        sendTo(alice, group, "while bob is in");
        final long removed = change(alice, Uplinks.removeMembers(requestId(), group, bob.userId())).getChangeSeq();
        sendTo(alice, group, "after bob left");
        final HistoryPage window = latest(bob, group);
        assertThat(window.getLatestSeq()).isEqualTo(removed);
        assertThat(window.getMessagesList()).extracting(Message::getSeq).containsExactly(1L, 2L, removed);
        for (final Uplink request : List.of(Uplinks.sendTo(clientMsgId(), group, "still here?"),
                Uplinks.listMembers(group, "", 0), Uplinks.markRead(group, 1), Uplinks.readBy(group, 1),
                Uplinks.mute(group, true), Uplinks.renameGroup(requestId(), group, "mine"),
                Uplinks.leaveGroup(requestId(), group))) {
            assertRefused(bob.request(request), NOT_AUTHORIZED, ErrorCode.NOT_A_MEMBER);
        }
        assertThat(latestSeq(alice, group)).isEqualTo(removed + 1);
    }

    @ParameterizedTest
    @EnumSource(GroupRequest.class)
    void a_group_request_on_a_conversation_the_user_does_not_belong_to_is_not_a_member(final GroupRequest request) {
        final String other = Strangers.of(server()).carol();
        assertNotAMemberOfAnyForeignConversation(connectNewUser("alice"), id -> request.on(id, other));
    }

    @ParameterizedTest
    @EnumSource(GroupRequest.class)
    void a_group_request_on_the_users_own_direct_conversation_is_invalid_argument(final GroupRequest request) {
        final RawClient alice = connectNewUser("alice");
        final String bob = newUser("bob");
        final String direct = send(alice, bob, "hi").getConversationId();
        assertInvalid(alice.request(request.on(direct, bob)), "group");
        assertThat(latestSeq(alice, direct)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(GroupRequest.class)
    void a_group_request_with_an_empty_conversation_id_is_invalid_argument(final GroupRequest request) {
        final RawClient alice = connectNewUser("alice");
        assertInvalid(alice.request(request.on("", newUser("bob"))), "conversation_id");
    }
}
