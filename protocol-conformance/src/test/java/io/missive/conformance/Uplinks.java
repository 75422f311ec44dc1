package io.missive.conformance;

import io.missive.protocol.v1.ChangeMembers;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.ContactTarget;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.FindConversation;
import io.missive.protocol.v1.GetUnread;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.LeaveGroup;
import io.missive.protocol.v1.ListContacts;
import io.missive.protocol.v1.ListConversations;
import io.missive.protocol.v1.ListDevices;
import io.missive.protocol.v1.ListMembers;
import io.missive.protocol.v1.MarkRead;
import io.missive.protocol.v1.PresenceSubscription;
import io.missive.protocol.v1.ReadBy;
import io.missive.protocol.v1.RegisterPush;
import io.missive.protocol.v1.RenameGroup;
import io.missive.protocol.v1.RevokeDevice;
import io.missive.protocol.v1.Role;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SetMemberRole;
import io.missive.protocol.v1.SyncAck;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.UnregisterPush;
import io.missive.protocol.v1.UpdateConversationSettings;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

import java.util.List;

/** Well-formed requests, one factory per request of the protocol; tests change them to make them hostile. */
final class Uplinks {

    private Uplinks() {
    }

    static @NotNull Uplink send(final @NotNull String clientMsgId, final @NotNull String toUserId,
                                final @NotNull String text) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId(clientMsgId).setToUserId(toUserId)
                .setContent(Content.newBuilder().setText(text))).build();
    }

    static @NotNull Uplink sendTo(final @NotNull String clientMsgId, final @NotNull String conversationId,
                                  final @NotNull String text) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId(clientMsgId)
                .setConversationId(conversationId).setContent(Content.newBuilder().setText(text))).build();
    }

    static @NotNull Uplink history(final @NotNull String conversationId,
                                   final @NotNull HistoryRequest.Direction direction, final long anchorSeq,
                                   final int limit) {
        return Uplink.newBuilder().setHistory(HistoryRequest.newBuilder().setConversationId(conversationId)
                .setDirection(direction).setAnchorSeq(anchorSeq).setLimit(limit)).build();
    }

    /** The newest messages of a conversation (BEFORE 0, the default page). */
    static @NotNull Uplink latest(final @NotNull String conversationId) {
        return history(conversationId, HistoryRequest.Direction.BEFORE, 0, 0);
    }

    static @NotNull Uplink sync(final long afterVersion, final int limit) {
        return Uplink.newBuilder().setSync(SyncRequest.newBuilder().setAfterVersion(afterVersion).setLimit(limit))
                .build();
    }

    static @NotNull Uplink syncAck(final long version) {
        return Uplink.newBuilder().setSyncAck(SyncAck.newBuilder().setVersion(version)).build();
    }

    static @NotNull Uplink listDevices() {
        return Uplink.newBuilder().setListDevices(ListDevices.getDefaultInstance()).build();
    }

    static @NotNull Uplink revokeDevice(final @NotNull String deviceId) {
        return Uplink.newBuilder().setRevokeDevice(RevokeDevice.newBuilder().setDeviceId(deviceId)).build();
    }

    static @NotNull Uplink createGroup(final @NotNull String requestId, final @NotNull String name,
                                       final @NotNull String @NotNull ... memberIds) {
        return Uplink.newBuilder().setCreateGroup(CreateGroup.newBuilder().setRequestId(requestId).setName(name)
                .addAllMemberIds(List.of(memberIds))).build();
    }

    static @NotNull Uplink addMembers(final @NotNull String requestId, final @NotNull String conversationId,
                                      final @NotNull String @NotNull ... userIds) {
        return Uplink.newBuilder().setAddMembers(changeMembers(requestId, conversationId, userIds)).build();
    }

    static @NotNull Uplink removeMembers(final @NotNull String requestId, final @NotNull String conversationId,
                                         final @NotNull String @NotNull ... userIds) {
        return Uplink.newBuilder().setRemoveMembers(changeMembers(requestId, conversationId, userIds)).build();
    }

    private static @NotNull ChangeMembers changeMembers(final @NotNull String requestId,
                                                        final @NotNull String conversationId,
                                                        final @NotNull String @NotNull [] userIds) {
        return ChangeMembers.newBuilder().setRequestId(requestId).setConversationId(conversationId)
                .addAllUserIds(List.of(userIds)).build();
    }

    static @NotNull Uplink leaveGroup(final @NotNull String requestId, final @NotNull String conversationId) {
        return Uplink.newBuilder().setLeaveGroup(LeaveGroup.newBuilder().setRequestId(requestId)
                .setConversationId(conversationId)).build();
    }

    static @NotNull Uplink renameGroup(final @NotNull String requestId, final @NotNull String conversationId,
                                       final @NotNull String name) {
        return Uplink.newBuilder().setRenameGroup(RenameGroup.newBuilder().setRequestId(requestId)
                .setConversationId(conversationId).setName(name)).build();
    }

    static @NotNull Uplink setMemberRole(final @NotNull String requestId, final @NotNull String conversationId,
                                         final @NotNull String userId, final @NotNull Role role) {
        return Uplink.newBuilder().setSetMemberRole(SetMemberRole.newBuilder().setRequestId(requestId)
                .setConversationId(conversationId).setUserId(userId).setRole(role)).build();
    }

    static @NotNull Uplink listMembers(final @NotNull String conversationId, final @NotNull String afterUserId,
                                       final int limit) {
        return Uplink.newBuilder().setListMembers(ListMembers.newBuilder().setConversationId(conversationId)
                .setAfterUserId(afterUserId).setLimit(limit)).build();
    }

    static @NotNull Uplink listConversations(final @NotNull String cursor, final int limit) {
        return Uplink.newBuilder().setListConversations(ListConversations.newBuilder().setCursor(cursor)
                .setLimit(limit)).build();
    }

    static @NotNull Uplink findConversation(final @NotNull String @NotNull ... participantIds) {
        return Uplink.newBuilder().setFindConversation(FindConversation.newBuilder()
                .addAllParticipantIds(List.of(participantIds))).build();
    }

    static @NotNull Uplink mute(final @NotNull String conversationId, final boolean muted) {
        return Uplink.newBuilder().setUpdateSettings(UpdateConversationSettings.newBuilder()
                .setConversationId(conversationId).setMuted(muted)).build();
    }

    static @NotNull Uplink label(final @NotNull String conversationId, final @NotNull String label) {
        return Uplink.newBuilder().setUpdateSettings(UpdateConversationSettings.newBuilder()
                .setConversationId(conversationId).setLabel(label)).build();
    }

    static @NotNull Uplink markRead(final @NotNull String conversationId, final long seq) {
        return Uplink.newBuilder().setMarkRead(MarkRead.newBuilder().setConversationId(conversationId).setSeq(seq))
                .build();
    }

    static @NotNull Uplink getUnread() {
        return Uplink.newBuilder().setGetUnread(GetUnread.getDefaultInstance()).build();
    }

    static @NotNull Uplink readBy(final @NotNull String conversationId, final long seq) {
        return Uplink.newBuilder().setReadBy(ReadBy.newBuilder().setConversationId(conversationId).setSeq(seq)).build();
    }

    static @NotNull Uplink requestContact(final @NotNull String userId) {
        return Uplink.newBuilder().setRequestContact(contact(userId)).build();
    }

    static @NotNull Uplink acceptContact(final @NotNull String userId) {
        return Uplink.newBuilder().setAcceptContact(contact(userId)).build();
    }

    static @NotNull Uplink removeContact(final @NotNull String userId) {
        return Uplink.newBuilder().setRemoveContact(contact(userId)).build();
    }

    static @NotNull Uplink blockUser(final @NotNull String userId) {
        return Uplink.newBuilder().setBlockUser(contact(userId)).build();
    }

    static @NotNull Uplink unblockUser(final @NotNull String userId) {
        return Uplink.newBuilder().setUnblockUser(contact(userId)).build();
    }

    private static @NotNull ContactTarget contact(final @NotNull String userId) {
        return ContactTarget.newBuilder().setUserId(userId).build();
    }

    static @NotNull Uplink listContacts() {
        return Uplink.newBuilder().setListContacts(ListContacts.getDefaultInstance()).build();
    }

    static @NotNull Uplink subscribePresence(final @NotNull String @NotNull ... userIds) {
        return Uplink.newBuilder().setSubscribePresence(PresenceSubscription.newBuilder()
                .addAllUserIds(List.of(userIds))).build();
    }

    static @NotNull Uplink unsubscribePresence(final @NotNull String @NotNull ... userIds) {
        return Uplink.newBuilder().setUnsubscribePresence(PresenceSubscription.newBuilder()
                .addAllUserIds(List.of(userIds))).build();
    }

    static @NotNull Uplink registerPush(final @NotNull String apnsToken, final @NotNull String topic,
                                        final boolean sandbox) {
        return Uplink.newBuilder().setRegisterPush(RegisterPush.newBuilder().setApnsToken(apnsToken).setTopic(topic)
                .setSandbox(sandbox)).build();
    }

    static @NotNull Uplink unregisterPush() {
        return Uplink.newBuilder().setUnregisterPush(UnregisterPush.getDefaultInstance()).build();
    }
}
