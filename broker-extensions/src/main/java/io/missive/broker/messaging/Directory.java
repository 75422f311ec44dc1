package io.missive.broker.messaging;

import io.missive.protocol.Ids;
import io.missive.protocol.v1.ErrorCode;
import io.missive.storage.MongoStores;
import io.missive.storage.conversation.Conversation;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves who is in a conversation and whether a user may use it. Direct conversations are
 * named after their two members, so membership needs no lookup; that the peer exists and the
 * conversation document is created is remembered per server (bounded) so that a busy
 * conversation does not pay for it on every message.
 */
@Singleton
public final class Directory {

    private static final int REMEMBERED = 100_000;

    private final @NotNull MongoStores stores;
    private final @NotNull Map<String, Boolean> ready = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(final Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            });

    @Inject
    public Directory(final @NotNull MongoStores stores) {
        this.stores = stores;
    }

    /** The direct conversation of sender with peer, created on first use; the peer must exist. */
    public @NotNull CompletableFuture<Conversation> directWith(final @NotNull String sender,
                                                               final @NotNull String peer) {
        if (!Ids.isValidUserId(peer)) {
            return failed(ErrorCode.INVALID_ARGUMENT, "to_user_id is not a valid user id");
        }
        if (peer.equals(sender)) {
            return failed(ErrorCode.INVALID_ARGUMENT, "to_user_id is the sender");
        }
        final String conversationId = Ids.directConversation(sender, peer);
        final List<String> members = sender.compareTo(peer) < 0 ? List.of(sender, peer) : List.of(peer, sender);
        final Conversation conversation = new Conversation(conversationId, Conversation.TYPE_DIRECT, members);
        if (ready.containsKey(conversationId)) {
            return CompletableFuture.completedFuture(conversation);
        }
        return stores.users().exists(peer).thenCompose(exists -> {
            if (!exists) {
                return failed(ErrorCode.NOT_FOUND, "no user '" + peer + "'");
            }
            return stores.conversations().ensureDirect(conversationId, members)
                    .thenCombine(stores.members().ensureDirect(conversationId, members), (c, ignored) -> c)
                    .thenApply(c -> {
                        ready.put(conversationId, Boolean.TRUE);
                        return c;
                    });
        });
    }

    /** A conversation the user belongs to; NOT_A_MEMBER otherwise (whether or not it exists). */
    public @NotNull CompletableFuture<Conversation> memberConversation(final @NotNull String userId,
                                                                       final @NotNull String conversationId) {
        final String[] participants = Ids.directParticipants(conversationId);
        if (participants == null) {
            return failed(ErrorCode.NOT_A_MEMBER, "not a member of conversation '" + conversationId + "'");
        }
        if (!participants[0].equals(userId) && !participants[1].equals(userId)) {
            return failed(ErrorCode.NOT_A_MEMBER, "not a member of conversation '" + conversationId + "'");
        }
        return directWith(userId, participants[0].equals(userId) ? participants[1] : participants[0]);
    }

    private static <T> @NotNull CompletableFuture<T> failed(final @NotNull ErrorCode code, final @NotNull String message) {
        return CompletableFuture.failedFuture(new RequestException(code, message));
    }
}
