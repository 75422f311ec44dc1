package io.missive.chat;

import io.missive.sdk.ConnectResult;
import io.missive.sdk.ConnectionListener;
import io.missive.sdk.Contact;
import io.missive.sdk.ContactListener;
import io.missive.sdk.ConversationListener;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.DeviceInfo;
import io.missive.sdk.GroupInfo;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MemberPage;
import io.missive.sdk.MessageListener;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.Presence;
import io.missive.sdk.PresenceListener;
import io.missive.sdk.PushRegistration;
import io.missive.sdk.ReadListener;
import io.missive.sdk.ReadState;
import io.missive.sdk.Role;
import io.missive.sdk.SendReceipt;
import io.missive.sdk.UnreadCounts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client that records what the console asks of it and answers at once. */
final class StubClient implements MissiveClient {

    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> historyRequests = new CopyOnWriteArrayList<>();
    volatile MissiveException sendFailure;
    volatile HistoryPage page;

    /** The id the stub gives a created group unless {@link #group} says otherwise. */
    static final String GROUP_ID = "g:abcdefghijklmnopqrstuvwxyz";
    /** Group and conversation-list calls, e.g. "addMembers g:... [bob, carol]". */
    final List<String> groupCalls = new CopyOnWriteArrayList<>();
    /** When set, every group and conversation-list call fails with it. */
    volatile MissiveException groupFailure;
    /** When set, the answer to every group change. */
    volatile GroupInfo group;
    volatile MemberPage members;
    volatile ConversationPage conversations;
    /** Push calls, e.g. "registerPush 0011... com.example.chat sandbox" or "unregisterPush". */
    final List<String> pushCalls = new CopyOnWriteArrayList<>();
    /** When set, every push call fails with it. */
    volatile RuntimeException pushFailure;
    private final String userId;
    private final String deviceId;

    StubClient(final String userId, final String deviceId) {
        this.userId = userId;
        this.deviceId = deviceId;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public CompletableFuture<ConnectResult> connect() {
        return CompletableFuture.completedFuture(ConnectResult.of(userId, deviceId, null));
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public Optional<String> connectedServerUri() {
        return Optional.of("tcp://127.0.0.1:1883");
    }

    @Override
    public Optional<String> deviceToken() {
        return Optional.empty();
    }

    @Override
    public CompletableFuture<SendReceipt> send(final OutgoingMessage message) {
        final String to = message.toUserId().orElseGet(() -> message.conversationId().orElseThrow());
        sent.add(to + ":" + message.text());
        if (sendFailure != null) {
            return CompletableFuture.failedFuture(sendFailure);
        }
        return CompletableFuture.completedFuture(SendReceipt.of(message.clientMsgId(), "dm:" + to, sent.size(),
                "m", Instant.EPOCH, false));
    }

    @Override
    public CompletableFuture<SendReceipt> sendText(final String toUserId, final String text) {
        return send(OutgoingMessage.toUser(toUserId).text(text).build());
    }

    @Override
    public CompletableFuture<HistoryPage> history(final String conversationId, final HistoryQuery query) {
        historyRequests.add(conversationId + " " + query.direction() + " " + query.anchorSeq()
                + " limit " + query.limit());
        return CompletableFuture.completedFuture(page != null ? page : HistoryPage.of(conversationId, List.of(), false, 0));
    }

    @Override
    public CompletableFuture<Void> whenSynced() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<DeviceInfo>> listDevices() {
        return CompletableFuture.completedFuture(List.of(DeviceInfo.of(deviceId, Instant.EPOCH, null, 0, true, true)));
    }

    @Override
    public CompletableFuture<Void> revokeDevice(final String deviceId) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addMessageListener(final MessageListener listener) {
    }

    @Override
    public void removeMessageListener(final MessageListener listener) {
    }

    @Override
    public void addConnectionListener(final ConnectionListener listener) {
    }

    @Override
    public void removeConnectionListener(final ConnectionListener listener) {
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> close() {
        return CompletableFuture.completedFuture(null);
    }

    // Groups and the conversation list: each call is recorded in groupCalls; the answer is the
    // canned value when a test set one, else a plausible one built from the arguments.

    @Override
    public CompletableFuture<GroupInfo> createGroup(final String name, final Collection<String> memberIds,
                                                    final boolean reuseExisting) {
        groupCalls.add("createGroup " + name + " " + memberIds + (reuseExisting ? " reuse" : ""));
        return answer(group != null ? group
                : GroupInfo.of(GROUP_ID, name, userId, memberIds.size() + 1, 1, Instant.EPOCH));
    }

    @Override
    public CompletableFuture<GroupInfo> addMembers(final String conversationId, final Collection<String> userIds) {
        groupCalls.add("addMembers " + conversationId + " " + userIds);
        return answer(groupInfo(conversationId));
    }

    @Override
    public CompletableFuture<GroupInfo> removeMembers(final String conversationId, final Collection<String> userIds) {
        groupCalls.add("removeMembers " + conversationId + " " + userIds);
        return answer(groupInfo(conversationId));
    }

    @Override
    public CompletableFuture<GroupInfo> leaveGroup(final String conversationId) {
        groupCalls.add("leaveGroup " + conversationId);
        return answer(groupInfo(conversationId));
    }

    @Override
    public CompletableFuture<GroupInfo> renameGroup(final String conversationId, final String name) {
        groupCalls.add("renameGroup " + conversationId + " " + name);
        return answer(groupInfo(conversationId));
    }

    @Override
    public CompletableFuture<GroupInfo> setMemberRole(final String conversationId, final String userId,
                                                      final Role role) {
        return unused();
    }

    @Override
    public CompletableFuture<MemberPage> listMembers(final String conversationId, final String afterUserId,
                                                     final int limit) {
        groupCalls.add("listMembers " + conversationId + " after " + afterUserId + " limit " + limit);
        return answer(members != null ? members : MemberPage.of(conversationId, List.of(), false));
    }

    @Override
    public CompletableFuture<ConversationPage> listConversations(final String cursor, final int limit) {
        groupCalls.add("listConversations after " + cursor + " limit " + limit);
        return answer(conversations != null ? conversations : ConversationPage.of(List.of(), ""));
    }

    @Override
    public CompletableFuture<Optional<ConversationSummary>> findConversation(final Collection<String> participantIds) {
        return unused();
    }

    @Override
    public CompletableFuture<ConversationSettings> updateConversationSettings(final String conversationId,
                                                                              final Boolean muted,
                                                                              final String label) {
        groupCalls.add("updateConversationSettings " + conversationId + " muted " + muted + " label " + label);
        return answer(ConversationSettings.of(conversationId, Boolean.TRUE.equals(muted), label == null ? "" : label));
    }

    @Override
    public void addConversationListener(final ConversationListener listener) {
    }

    @Override
    public void removeConversationListener(final ConversationListener listener) {
    }

    // Push registration: recorded in pushCalls; the answer is the registration the call asked for.

    @Override
    public CompletableFuture<PushRegistration> registerPush(final String apnsToken, final String topic,
                                                            final boolean sandbox) {
        pushCalls.add("registerPush " + apnsToken + " " + topic + (sandbox ? " sandbox" : " production"));
        return pushAnswer(PushRegistration.of(true, topic, sandbox));
    }

    @Override
    public CompletableFuture<PushRegistration> unregisterPush() {
        pushCalls.add("unregisterPush");
        return pushAnswer(PushRegistration.notRegistered());
    }

    private CompletableFuture<PushRegistration> pushAnswer(final PushRegistration registration) {
        final RuntimeException failure = pushFailure;
        if (failure instanceof IllegalArgumentException) {
            throw failure; // as the SDK refuses bad arguments: before anything is sent
        }
        return failure != null
                ? CompletableFuture.failedFuture(failure)
                : CompletableFuture.completedFuture(registration);
    }

    // Read positions, contacts and presence: the console does not use them yet.

    @Override
    public CompletableFuture<UnreadCounts> unreadCounts() {
        return unused();
    }

    @Override
    public CompletableFuture<ReadState> markRead(final String conversationId, final long seq) {
        return unused();
    }

    @Override
    public CompletableFuture<List<String>> readBy(final String conversationId, final long seq) {
        return unused();
    }

    @Override
    public CompletableFuture<Contact> requestContact(final String userId) {
        return unused();
    }

    @Override
    public CompletableFuture<Contact> acceptContact(final String userId) {
        return unused();
    }

    @Override
    public CompletableFuture<Contact> removeContact(final String userId) {
        return unused();
    }

    @Override
    public CompletableFuture<Contact> blockUser(final String userId) {
        return unused();
    }

    @Override
    public CompletableFuture<Contact> unblockUser(final String userId) {
        return unused();
    }

    @Override
    public CompletableFuture<List<Contact>> listContacts() {
        return unused();
    }

    @Override
    public CompletableFuture<List<Presence>> subscribePresence(final Collection<String> userIds) {
        return unused();
    }

    @Override
    public CompletableFuture<Void> unsubscribePresence(final Collection<String> userIds) {
        return unused();
    }

    @Override
    public void addReadListener(final ReadListener listener) {
    }

    @Override
    public void removeReadListener(final ReadListener listener) {
    }

    @Override
    public void addContactListener(final ContactListener listener) {
    }

    @Override
    public void removeContactListener(final ContactListener listener) {
    }

    @Override
    public void addPresenceListener(final PresenceListener listener) {
    }

    @Override
    public void removePresenceListener(final PresenceListener listener) {
    }

    private GroupInfo groupInfo(final String conversationId) {
        return group != null ? group : GroupInfo.of(conversationId, "Group", userId, 3, 2, Instant.EPOCH);
    }

    private <T> CompletableFuture<T> answer(final T value) {
        final MissiveException failure = groupFailure;
        return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(value);
    }

    private static <T> CompletableFuture<T> unused() {
        return CompletableFuture.failedFuture(new AssertionError("the console does not call this"));
    }
}
