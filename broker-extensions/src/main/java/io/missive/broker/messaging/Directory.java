package io.missive.broker.messaging;

import io.missive.broker.request.RequestException;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.ErrorCode;
import io.missive.storage.MongoStores;
import io.missive.storage.conversation.Conversation;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
            throw new RequestException(ErrorCode.INVALID_ARGUMENT, "to_user_id is not a valid user id");
        }
        if (peer.equals(sender)) {
            throw new RequestException(ErrorCode.INVALID_ARGUMENT, "to_user_id is the sender");
        }
        final String conversationId = Ids.directConversation(sender, peer);
        final List<String> members = sender.compareTo(peer) < 0 ? List.of(sender, peer) : List.of(peer, sender);
        final Conversation conversation = new Conversation(conversationId, Conversation.TYPE_DIRECT, members);
        if (ready.containsKey(conversationId)) {
            return CompletableFuture.completedFuture(conversation);
        }
        return stores.users().exists(peer).thenCompose(exists -> {
            if (!exists) {
                throw new RequestException(ErrorCode.NOT_FOUND, "no user '" + peer + "'");
            }
            return stores.conversations().ensureDirect(conversationId, members)
                    .thenCombine(stores.members().ensureDirect(conversationId, members), (c, ignored) -> c)
                    .thenApply(c -> {
                        ready.put(conversationId, Boolean.TRUE);
                        return c;
                    });
        });
    }

    /**
     * A direct conversation the user belongs to, created on first use like {@link #directWith}: the id
     * names the user and another user who exists. Every other id (someone else's, one naming a user
     * who does not exist or the user twice, a group, garbage) is {@link #notVisible}: the same answer
     * whether or not such a conversation exists. An empty id is INVALID_ARGUMENT.
     */
    public @NotNull CompletableFuture<Conversation> memberConversation(final @NotNull String userId,
                                                                       final @NotNull String conversationId) {
        if (conversationId.isEmpty()) {
            throw new RequestException(ErrorCode.INVALID_ARGUMENT, "conversation_id is required");
        }
        final String peer = peerOf(userId, conversationId);
        if (peer == null) {
            throw notVisible(conversationId);
        }
        return directWith(userId, peer).exceptionallyCompose(error -> {
            final Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof RequestException && ((RequestException) cause).code() == ErrorCode.NOT_FOUND) {
                throw notVisible(conversationId);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** The other user named by a direct conversation id that names the user and someone else; null otherwise. */
    private static @Nullable String peerOf(final @NotNull String userId, final @NotNull String conversationId) {
        final String[] participants = Ids.directParticipants(conversationId);
        if (participants == null || participants[0].equals(participants[1])) {
            return null;
        }
        if (participants[0].equals(userId)) {
            return participants[1];
        }
        return participants[1].equals(userId) ? participants[0] : null;
    }

    /**
     * Checks a conversation id before a request that needs the user to be in that conversation: an
     * empty id is INVALID_ARGUMENT; a group id passes (the caller checks the membership and answers
     * {@link #notVisible}); a direct conversation passes as {@link #memberConversation} decides.
     */
    public @NotNull CompletableFuture<Void> checkVisible(final @NotNull String userId,
                                                         final @NotNull String conversationId) {
        if (Ids.isGroupConversation(conversationId)) {
            return CompletableFuture.completedFuture(null);
        }
        return memberConversation(userId, conversationId).thenApply(c -> null);
    }

    /**
     * Checks the id for a request that only a group takes: a group id passes (the caller checks the
     * membership); an empty id and the user's own direct conversation are INVALID_ARGUMENT; any other
     * id is {@link #notVisible}.
     */
    public @NotNull CompletableFuture<Void> checkGroup(final @NotNull String userId,
                                                       final @NotNull String conversationId) {
        if (Ids.isGroupConversation(conversationId)) {
            return CompletableFuture.completedFuture(null);
        }
        if (conversationId.isEmpty()) {
            throw new RequestException(ErrorCode.INVALID_ARGUMENT, "conversation_id is required");
        }
        final String peer = peerOf(userId, conversationId);
        if (peer == null) {
            throw notVisible(conversationId);
        }
        // the user's own direct conversation (nothing is created for a refused request)
        final CompletableFuture<Boolean> peerExists = ready.containsKey(conversationId)
                ? CompletableFuture.completedFuture(true) : stores.users().exists(peer);
        return peerExists.thenApply(exists -> {
            throw exists ? new RequestException(ErrorCode.INVALID_ARGUMENT, "conversation_id is not a group")
                    : notVisible(conversationId);
        });
    }

    /**
     * The one answer to a conversation id that does not name a conversation of the user, whether it
     * does not exist or belongs to others: it reveals nothing about conversations of others.
     */
    public static @NotNull RequestException notVisible(final @NotNull String conversationId) {
        return new RequestException(ErrorCode.NOT_A_MEMBER, "not a member of conversation '" + conversationId + "'");
    }
}
