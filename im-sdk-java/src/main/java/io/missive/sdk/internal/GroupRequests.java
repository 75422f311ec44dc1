package io.missive.sdk.internal;

import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.GroupInfo;
import io.missive.sdk.MemberPage;
import io.missive.sdk.Role;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The group and conversation-list requests. Each group change carries a request id, generated once
 * per call: when an attempt fails in a way worth retrying (no answer in time, the connection lost,
 * a server failure), the same request, with the same id, is sent again after a backoff, up to
 * {@link #MAX_ATTEMPTS} attempts; the server applies it at most once and answers a repeat with the
 * first outcome. Reads are not repeated. Thread-safe; retries run on the timers' thread.
 */
final class GroupRequests {

    /** How many times one group change is sent at most. */
    static final int MAX_ATTEMPTS = 4;

    private final @NotNull RequestAttempts attempts;
    private final @NotNull Supplier<String> requestIds;

    /** @param requestIds makes a new request id (1..64 of [A-Za-z0-9_.:-]) per call */
    GroupRequests(final @NotNull RequestAttempts.Channel channel, final @NotNull Timers timers,
                  final @NotNull Backoff retries, final @NotNull Supplier<String> requestIds) {
        this.attempts = new RequestAttempts(channel, timers, retries, MAX_ATTEMPTS);
        this.requestIds = requestIds;
    }

    @NotNull CompletableFuture<GroupInfo> createGroup(final @NotNull String name,
                                                      final @NotNull Collection<String> memberIds,
                                                      final boolean reuseExisting) {
        return change(GroupCodec.createGroup(requestIds.get(), name, memberIds, reuseExisting));
    }

    @NotNull CompletableFuture<GroupInfo> addMembers(final @NotNull String conversationId,
                                                     final @NotNull Collection<String> userIds) {
        return change(GroupCodec.addMembers(requestIds.get(), conversationId, userIds));
    }

    @NotNull CompletableFuture<GroupInfo> removeMembers(final @NotNull String conversationId,
                                                        final @NotNull Collection<String> userIds) {
        return change(GroupCodec.removeMembers(requestIds.get(), conversationId, userIds));
    }

    @NotNull CompletableFuture<GroupInfo> leaveGroup(final @NotNull String conversationId) {
        return change(GroupCodec.leaveGroup(requestIds.get(), conversationId));
    }

    @NotNull CompletableFuture<GroupInfo> renameGroup(final @NotNull String conversationId, final @NotNull String name) {
        return change(GroupCodec.renameGroup(requestIds.get(), conversationId, name));
    }

    @NotNull CompletableFuture<GroupInfo> setMemberRole(final @NotNull String conversationId,
                                                        final @NotNull String userId, final @NotNull Role role) {
        return change(GroupCodec.setMemberRole(requestIds.get(), conversationId, userId, role));
    }

    @NotNull CompletableFuture<MemberPage> listMembers(final @NotNull String conversationId,
                                                                      final @NotNull String afterUserId,
                                                                      final int limit) {
        return once(GroupCodec.listMembers(conversationId, afterUserId, limit), GroupCodec::toMemberPage);
    }

    @NotNull CompletableFuture<ConversationPage> listConversations(final @NotNull String cursor, final int limit) {
        return once(ConversationCodec.listConversations(cursor, limit), ConversationCodec::toConversationPage);
    }

    @NotNull CompletableFuture<Optional<ConversationSummary>> findConversation(
            final @NotNull Collection<String> participantIds) {
        return once(ConversationCodec.findConversation(participantIds), ConversationCodec::toFoundConversation);
    }

    @NotNull CompletableFuture<ConversationSettings> updateSettings(final @NotNull String conversationId,
                                                                    final @Nullable Boolean muted,
                                                                    final @Nullable String label) {
        return once(ConversationCodec.updateSettings(conversationId, muted, label), ConversationCodec::toSettings);
    }

    private <T> @NotNull CompletableFuture<T> once(final @NotNull Uplink uplink,
                                                   final @NotNull Function<Reply, T> decoder) {
        return attempts.once(uplink, decoder);
    }

    /** Sends a change, again with the same request id while attempts fail in a way worth retrying. */
    private @NotNull CompletableFuture<GroupInfo> change(final @NotNull Uplink uplink) {
        return attempts.retried(uplink, GroupCodec::toGroupInfo);
    }
}
