package io.missive.sdk.internal;

import io.missive.protocol.v1.ChangeMembers;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.LeaveGroup;
import io.missive.protocol.v1.ListMembers;
import io.missive.protocol.v1.RenameGroup;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SetMemberRole;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.GroupInfo;
import io.missive.sdk.Member;
import io.missive.sdk.MemberPage;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Role;
import org.jetbrains.annotations.NotNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The wire form of the group requests (the changes, each with its request id, and the member list)
 * and of their replies. Stateless.
 */
final class GroupCodec {

    private GroupCodec() {
    }

    static @NotNull Uplink createGroup(final @NotNull String requestId, final @NotNull String name,
                                       final @NotNull Collection<String> memberIds, final boolean reuseExisting) {
        return Uplink.newBuilder()
                .setCreateGroup(CreateGroup.newBuilder()
                        .setRequestId(requestId)
                        .setName(name)
                        .addAllMemberIds(memberIds)
                        .setReuseExisting(reuseExisting))
                .build();
    }

    static @NotNull Uplink addMembers(final @NotNull String requestId, final @NotNull String conversationId,
                                      final @NotNull Collection<String> userIds) {
        return Uplink.newBuilder().setAddMembers(changeMembers(requestId, conversationId, userIds)).build();
    }

    static @NotNull Uplink removeMembers(final @NotNull String requestId, final @NotNull String conversationId,
                                         final @NotNull Collection<String> userIds) {
        return Uplink.newBuilder().setRemoveMembers(changeMembers(requestId, conversationId, userIds)).build();
    }

    private static @NotNull ChangeMembers changeMembers(final @NotNull String requestId,
                                                        final @NotNull String conversationId,
                                                        final @NotNull Collection<String> userIds) {
        return ChangeMembers.newBuilder()
                .setRequestId(requestId)
                .setConversationId(conversationId)
                .addAllUserIds(userIds)
                .build();
    }

    static @NotNull Uplink leaveGroup(final @NotNull String requestId, final @NotNull String conversationId) {
        return Uplink.newBuilder()
                .setLeaveGroup(LeaveGroup.newBuilder().setRequestId(requestId).setConversationId(conversationId))
                .build();
    }

    static @NotNull Uplink renameGroup(final @NotNull String requestId, final @NotNull String conversationId,
                                       final @NotNull String name) {
        return Uplink.newBuilder()
                .setRenameGroup(RenameGroup.newBuilder()
                        .setRequestId(requestId).setConversationId(conversationId).setName(name))
                .build();
    }

    static @NotNull Uplink setMemberRole(final @NotNull String requestId, final @NotNull String conversationId,
                                         final @NotNull String userId, final @NotNull Role role) {
        return Uplink.newBuilder()
                .setSetMemberRole(SetMemberRole.newBuilder()
                        .setRequestId(requestId).setConversationId(conversationId).setUserId(userId)
                        .setRole(WireCodec.toWire(role)))
                .build();
    }

    /** @throws MissiveException when the reply is an error or not a group */
    static @NotNull GroupInfo toGroupInfo(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.GROUP) {
            throw WireCodec.unexpected(reply, null);
        }
        final io.missive.protocol.v1.GroupInfo group = reply.getGroup();
        return GroupInfo.of(group.getConversationId(), group.getName(), group.getOwnerUserId(),
                group.getMemberCount(), group.getChangeSeq(), Instant.ofEpochMilli(group.getCreatedMs()));
    }

    static @NotNull Uplink listMembers(final @NotNull String conversationId, final @NotNull String afterUserId,
                                       final int limit) {
        return Uplink.newBuilder()
                .setListMembers(ListMembers.newBuilder()
                        .setConversationId(conversationId).setAfterUserId(afterUserId).setLimit(limit))
                .build();
    }

    /** @throws MissiveException when the reply is an error or not a member page */
    static @NotNull MemberPage toMemberPage(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.MEMBERS) {
            throw WireCodec.unexpected(reply, null);
        }
        final io.missive.protocol.v1.MemberPage page = reply.getMembers();
        final List<Member> members = new ArrayList<>(page.getMembersCount());
        for (final io.missive.protocol.v1.Member member : page.getMembersList()) {
            members.add(Member.of(member.getUserId(), WireCodec.toRole(member.getRole()), member.getJoinedSeq()));
        }
        return MemberPage.of(page.getConversationId(), members, page.getHasMore());
    }
}
