package io.missive.sdk.internal;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.LeaveGroup;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SetMemberRole;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.GroupInfo;
import io.missive.sdk.Member;
import io.missive.sdk.MemberPage;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Role;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCodecTest {

    @Test
    void group_changes_carry_their_request_id_and_fields() {
        final Uplink create = GroupCodec.createGroup("r-1", "team", List.of("bob", "carol"), true);
        assertThat(create.getCreateGroup().getRequestId()).isEqualTo("r-1");
        assertThat(create.getCreateGroup().getName()).isEqualTo("team");
        assertThat(create.getCreateGroup().getMemberIdsList()).containsExactly("bob", "carol");
        assertThat(create.getCreateGroup().getReuseExisting()).isTrue();

        final Uplink add = GroupCodec.addMembers("r-2", "g:x", List.of("dave"));
        assertThat(add.getBodyCase()).isEqualTo(Uplink.BodyCase.ADD_MEMBERS);
        assertThat(add.getAddMembers().getRequestId()).isEqualTo("r-2");
        assertThat(add.getAddMembers().getConversationId()).isEqualTo("g:x");
        assertThat(add.getAddMembers().getUserIdsList()).containsExactly("dave");

        final Uplink remove = GroupCodec.removeMembers("r-3", "g:x", List.of("dave"));
        assertThat(remove.getBodyCase()).isEqualTo(Uplink.BodyCase.REMOVE_MEMBERS);
        assertThat(remove.getRemoveMembers().getRequestId()).isEqualTo("r-3");

        assertThat(GroupCodec.leaveGroup("r-4", "g:x").getLeaveGroup())
                .isEqualTo(LeaveGroup.newBuilder().setRequestId("r-4").setConversationId("g:x").build());
        assertThat(GroupCodec.renameGroup("r-5", "g:x", "new name").getRenameGroup().getName()).isEqualTo("new name");
        assertThat(GroupCodec.setMemberRole("r-6", "g:x", "bob", Role.ADMIN).getSetMemberRole())
                .isEqualTo(SetMemberRole.newBuilder().setRequestId("r-6").setConversationId("g:x").setUserId("bob")
                        .setRole(io.missive.protocol.v1.Role.ADMIN).build());
        assertThat(GroupCodec.setMemberRole("r-7", "g:x", "bob", Role.OWNER).getSetMemberRole().getRole())
                .isEqualTo(io.missive.protocol.v1.Role.OWNER);
    }

    @Test
    void list_members_carries_the_position_and_limit() {
        final Uplink members = GroupCodec.listMembers("g:x", "bob", 500);
        assertThat(members.getListMembers().getAfterUserId()).isEqualTo("bob");
        assertThat(members.getListMembers().getLimit()).isEqualTo(500);
    }

    @Test
    void group_info_and_member_page_replies_are_decoded() {
        final GroupInfo info = GroupCodec.toGroupInfo(Reply.newBuilder().setGroup(io.missive.protocol.v1.GroupInfo
                .newBuilder().setConversationId("g:x").setName("team").setOwnerUserId("alice").setMemberCount(3)
                .setChangeSeq(7).setCreatedMs(5_000)).build());
        assertThat(info).isEqualTo(GroupInfo.of("g:x", "team", "alice", 3, 7, Instant.ofEpochMilli(5_000)));
        assertThat(info.changeSeq()).hasValue(7);
        assertThat(GroupInfo.of("g:x", "team", "alice", 3, 0, Instant.EPOCH).changeSeq()).isEmpty();

        final MemberPage page = GroupCodec.toMemberPage(Reply.newBuilder().setMembers(io.missive.protocol.v1.MemberPage
                .newBuilder().setConversationId("g:x").setHasMore(true)
                .addMembers(io.missive.protocol.v1.Member.newBuilder().setUserId("alice")
                        .setRole(io.missive.protocol.v1.Role.OWNER).setJoinedSeq(1))
                .addMembers(io.missive.protocol.v1.Member.newBuilder().setUserId("bob").setJoinedSeq(4))).build());
        assertThat(page.members()).containsExactly(Member.of("alice", Role.OWNER, 1), Member.of("bob", Role.MEMBER, 4));
        assertThat(page.hasMore()).isTrue();
        assertThat(page.nextAfterUserId()).contains("bob");
    }

    @Test
    void group_full_is_its_own_error_and_not_retryable() {
        assertThatThrownBy(() -> GroupCodec.toGroupInfo(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.GROUP_FULL).setMessage("at most 500 members")).build()))
                .isInstanceOfSatisfying(MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.GROUP_FULL);
                    assertThat(e.isRetryable()).isFalse();
                });
    }
}
