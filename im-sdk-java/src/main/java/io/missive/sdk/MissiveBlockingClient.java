package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

import org.jetbrains.annotations.Nullable;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A blocking view of a {@link MissiveClient}: each method waits for the corresponding future and
 * throws its {@link MissiveException} directly. Obtain one with {@link MissiveClient#toBlocking()}.
 * Do not call it from a {@link MessageListener}: the listener would wait on its own thread.
 */
public final class MissiveBlockingClient implements AutoCloseable {

    private final @NotNull MissiveClient client;

    MissiveBlockingClient(final @NotNull MissiveClient client) {
        this.client = client;
    }

    /** @see MissiveClient#connect() */
    public @NotNull ConnectResult connect() {
        return await(client.connect());
    }

    /** @see MissiveClient#send(OutgoingMessage) */
    public @NotNull SendReceipt send(final @NotNull OutgoingMessage message) {
        return await(client.send(message));
    }

    /** @see MissiveClient#sendText(String, String) */
    public @NotNull SendReceipt sendText(final @NotNull String toUserId, final @NotNull String text) {
        return await(client.sendText(toUserId, text));
    }

    /** @see MissiveClient#history(String, HistoryQuery) */
    public @NotNull HistoryPage history(final @NotNull String conversationId, final @NotNull HistoryQuery query) {
        return await(client.history(conversationId, query));
    }

    /** Waits until the current (or next) connection has caught up. @see MissiveClient#whenSynced() */
    public void awaitSynced() {
        await(client.whenSynced());
    }

    /** @see MissiveClient#listDevices() */
    public @NotNull List<DeviceInfo> listDevices() {
        return await(client.listDevices());
    }

    /** @see MissiveClient#revokeDevice(String) */
    public void revokeDevice(final @NotNull String deviceId) {
        await(client.revokeDevice(deviceId));
    }

    /** @see MissiveClient#createGroup(String, Collection, boolean) */
    public @NotNull GroupInfo createGroup(final @NotNull String name, final @NotNull Collection<String> memberIds,
                                          final boolean reuseExisting) {
        return await(client.createGroup(name, memberIds, reuseExisting));
    }

    /** @see MissiveClient#addMembers(String, Collection) */
    public @NotNull GroupInfo addMembers(final @NotNull String conversationId,
                                         final @NotNull Collection<String> userIds) {
        return await(client.addMembers(conversationId, userIds));
    }

    /** @see MissiveClient#removeMembers(String, Collection) */
    public @NotNull GroupInfo removeMembers(final @NotNull String conversationId,
                                            final @NotNull Collection<String> userIds) {
        return await(client.removeMembers(conversationId, userIds));
    }

    /** @see MissiveClient#leaveGroup(String) */
    public @NotNull GroupInfo leaveGroup(final @NotNull String conversationId) {
        return await(client.leaveGroup(conversationId));
    }

    /** @see MissiveClient#renameGroup(String, String) */
    public @NotNull GroupInfo renameGroup(final @NotNull String conversationId, final @NotNull String name) {
        return await(client.renameGroup(conversationId, name));
    }

    /** @see MissiveClient#setMemberRole(String, String, Role) */
    public @NotNull GroupInfo setMemberRole(final @NotNull String conversationId, final @NotNull String userId,
                                            final @NotNull Role role) {
        return await(client.setMemberRole(conversationId, userId, role));
    }

    /** @see MissiveClient#listMembers(String, String, int) */
    public @NotNull MemberPage listMembers(final @NotNull String conversationId, final @Nullable String afterUserId,
                                           final int limit) {
        return await(client.listMembers(conversationId, afterUserId, limit));
    }

    /** @see MissiveClient#listConversations(String, int) */
    public @NotNull ConversationPage listConversations(final @Nullable String cursor, final int limit) {
        return await(client.listConversations(cursor, limit));
    }

    /** @see MissiveClient#findConversation(Collection) */
    public @NotNull Optional<ConversationSummary> findConversation(final @NotNull Collection<String> participantIds) {
        return await(client.findConversation(participantIds));
    }

    /** @see MissiveClient#updateConversationSettings(String, Boolean, String) */
    public @NotNull ConversationSettings updateConversationSettings(final @NotNull String conversationId,
                                                                    final @Nullable Boolean muted,
                                                                    final @Nullable String label) {
        return await(client.updateConversationSettings(conversationId, muted, label));
    }

    /** @see MissiveClient#unreadCounts() */
    public @NotNull UnreadCounts unreadCounts() {
        return await(client.unreadCounts());
    }

    /** @see MissiveClient#markRead(String, long) */
    public @NotNull ReadState markRead(final @NotNull String conversationId, final long seq) {
        return await(client.markRead(conversationId, seq));
    }

    /** @see MissiveClient#markRead(ChatMessage) */
    public @NotNull ReadState markRead(final @NotNull ChatMessage message) {
        return await(client.markRead(message));
    }

    /** @see MissiveClient#readBy(String, long) */
    public @NotNull List<String> readBy(final @NotNull String conversationId, final long seq) {
        return await(client.readBy(conversationId, seq));
    }

    /** @see MissiveClient#requestContact(String) */
    public @NotNull Contact requestContact(final @NotNull String userId) {
        return await(client.requestContact(userId));
    }

    /** @see MissiveClient#acceptContact(String) */
    public @NotNull Contact acceptContact(final @NotNull String userId) {
        return await(client.acceptContact(userId));
    }

    /** @see MissiveClient#removeContact(String) */
    public @NotNull Contact removeContact(final @NotNull String userId) {
        return await(client.removeContact(userId));
    }

    /** @see MissiveClient#blockUser(String) */
    public @NotNull Contact blockUser(final @NotNull String userId) {
        return await(client.blockUser(userId));
    }

    /** @see MissiveClient#unblockUser(String) */
    public @NotNull Contact unblockUser(final @NotNull String userId) {
        return await(client.unblockUser(userId));
    }

    /** @see MissiveClient#listContacts() */
    public @NotNull List<Contact> listContacts() {
        return await(client.listContacts());
    }

    /** @see MissiveClient#subscribePresence(Collection) */
    public @NotNull List<Presence> subscribePresence(final @NotNull Collection<String> userIds) {
        return await(client.subscribePresence(userIds));
    }

    /** @see MissiveClient#unsubscribePresence(Collection) */
    public void unsubscribePresence(final @NotNull Collection<String> userIds) {
        await(client.unsubscribePresence(userIds));
    }

    /** @see MissiveClient#registerPush(String, String, boolean) */
    public @NotNull PushRegistration registerPush(final @NotNull String apnsToken, final @NotNull String topic,
                                                  final boolean sandbox) {
        return await(client.registerPush(apnsToken, topic, sandbox));
    }

    /** @see MissiveClient#unregisterPush() */
    public @NotNull PushRegistration unregisterPush() {
        return await(client.unregisterPush());
    }

    /** @see MissiveClient#disconnect() */
    public void disconnect() {
        await(client.disconnect());
    }

    /** @see MissiveClient#close() */
    @Override
    public void close() {
        await(client.close());
    }

    /** @return the asynchronous client behind this view */
    public @NotNull MissiveClient toAsync() {
        return client;
    }

    private static <T> T await(final @NotNull CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (final CompletionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }
}
