package io.missive.sdk.internal;

import io.missive.protocol.v1.GetUnread;
import io.missive.protocol.v1.MarkRead;
import io.missive.protocol.v1.ReadBy;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.MissiveException;
import io.missive.sdk.ReadState;
import io.missive.sdk.UnreadCounts;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire form of read positions, unread counts and read-by lists, and of their replies and sync
 * events. Stateless.
 */
final class ReadCodec {

    private ReadCodec() {
    }

    static @NotNull Uplink markRead(final @NotNull String conversationId, final long seq) {
        return Uplink.newBuilder()
                .setMarkRead(MarkRead.newBuilder().setConversationId(conversationId).setSeq(seq))
                .build();
    }

    /**
     * @param ownUserId the user of this client: the reply is about their own position
     * @throws MissiveException when the reply is an error or not a read position
     */
    static @NotNull ReadState toReadState(final @NotNull Reply reply, final @NotNull String ownUserId) {
        if (reply.getBodyCase() != Reply.BodyCase.READ) {
            throw WireCodec.unexpected(reply, null);
        }
        return toReadState(reply.getRead(), ownUserId);
    }

    /**
     * @param ownUserId the user of this client: only their own position carries an unread count; a
     *                  position without a reader is theirs
     */
    static @NotNull ReadState toReadState(final @NotNull io.missive.protocol.v1.ReadState state,
                                          final @NotNull String ownUserId) {
        final String reader = state.getUserId().isEmpty() ? ownUserId : state.getUserId();
        return ReadState.of(state.getConversationId(), reader, state.getSeq(),
                reader.equals(ownUserId) ? state.getUnread() : -1);
    }

    static @NotNull Uplink getUnread() {
        return Uplink.newBuilder().setGetUnread(GetUnread.getDefaultInstance()).build();
    }

    /** @throws MissiveException when the reply is an error or not unread counts */
    static @NotNull UnreadCounts toUnreadCounts(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.UNREAD) {
            throw WireCodec.unexpected(reply, null);
        }
        final io.missive.protocol.v1.UnreadCounts unread = reply.getUnread();
        if (!unread.getAvailable()) {
            return UnreadCounts.unavailable();
        }
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (final io.missive.protocol.v1.ConversationUnread conversation : unread.getConversationsList()) {
            counts.merge(conversation.getConversationId(), conversation.getCount(), Long::sum);
        }
        return UnreadCounts.of(counts, unread.getTotal());
    }

    static @NotNull Uplink readBy(final @NotNull String conversationId, final long seq) {
        return Uplink.newBuilder()
                .setReadBy(ReadBy.newBuilder().setConversationId(conversationId).setSeq(seq))
                .build();
    }

    /** @throws MissiveException when the reply is an error or not a read-by list */
    static @NotNull List<String> toReadBy(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.READ_BY) {
            throw WireCodec.unexpected(reply, null);
        }
        return Collections.unmodifiableList(new ArrayList<>(reply.getReadBy().getUserIdsList()));
    }
}
