package io.missive.broker.read;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.counters.Counters;
import io.missive.broker.messaging.Directory;
import io.missive.broker.request.Identity;
import io.missive.broker.request.RequestException;
import io.missive.broker.sync.StreamAppender;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.ConversationUnread;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.GetUnread;
import io.missive.protocol.v1.MarkRead;
import io.missive.protocol.v1.ReadBy;
import io.missive.protocol.v1.ReadByList;
import io.missive.protocol.v1.ReadState;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.UnreadCounts;
import io.missive.storage.MongoStores;
import io.missive.storage.conversation.Membership;
import io.missive.storage.sync.SyncEntry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Read positions and unread counts. A read position is stored in MongoDB (the truth, only ever
 * moved up), applied to the Redis counters, and announced: to the user's devices, and in a
 * direct conversation to the peer (the "read" tick). Group read positions can be queried per
 * message for groups up to {@code groups.read-receipts-max-members}.
 */
@Singleton
public final class ReadHandler {

    private final @NotNull MongoStores stores;
    private final @NotNull Counters counters;
    private final @NotNull StreamAppender streams;
    private final @NotNull Directory directory;
    private final int readReceiptsMaxMembers;

    @Inject
    public ReadHandler(final @NotNull MongoStores stores, final @NotNull Counters counters,
                       final @NotNull StreamAppender streams, final @NotNull ExtensionConfig config,
                       final @NotNull Directory directory) {
        this.stores = stores;
        this.directory = directory;
        this.counters = counters;
        this.streams = streams;
        this.readReceiptsMaxMembers = config.readReceiptsMaxMembers();
    }

    public @NotNull CompletableFuture<ReadState> markRead(final @NotNull Identity who, final @NotNull MarkRead request) {
        final String conversation = request.getConversationId();
        if (conversation.isEmpty()) {
            throw invalid("conversation_id is required");
        }
        if (request.getSeq() < 1) {
            throw invalid("seq must be positive");
        }
        final String user = who.userId();
        return directory.checkVisible(user, conversation).thenCompose(ignored -> stores.members().find(conversation, user))
                .thenCompose(member -> {
            if (member.isEmpty() || !member.get().active()) {
                throw notMember(conversation);
            }
            return stores.messages().latestSeq(conversation);
        }).thenCompose(latest -> {
            if (request.getSeq() > latest) {
                throw invalid("seq " + request.getSeq() + " is beyond the conversation's latest, " + latest);
            }
            return stores.members().markRead(conversation, user, request.getSeq());
        }).thenCompose(before -> {
            final Membership was = before.orElseThrow(() -> notMember(conversation));
            final long seq = Math.max(was.readSeq(), request.getSeq());
            final boolean moved = request.getSeq() > was.readSeq();
            return counters.read(user, conversation, seq).thenCompose(unread -> {
                final ReadState state = ReadState.newBuilder().setConversationId(conversation).setUserId(user)
                        .setSeq(seq).setUnread(unread).build();
                if (!moved) {
                    // older than what was stored: changes nothing, tells nobody
                    return CompletableFuture.completedFuture(state);
                }
                final List<CompletableFuture<SyncEntry>> told = new ArrayList<>();
                told.add(streams.append(SyncEntry.read(user, conversation, user, seq),
                        e -> SyncEvent.newBuilder().setVersion(e.version()).setRead(state).build()));
                final String[] pair = Ids.directParticipants(conversation);
                if (pair != null) {
                    final String peer = pair[0].equals(user) ? pair[1] : pair[0];
                    final ReadState tick = state.toBuilder().setUnread(-1).build();
                    told.add(streams.append(SyncEntry.read(peer, conversation, user, seq),
                            e -> SyncEvent.newBuilder().setVersion(e.version()).setRead(tick).build()));
                }
                return CompletableFuture.allOf(told.toArray(new CompletableFuture[0])).thenApply(ignored -> state);
            });
        });
    }

    public @NotNull CompletableFuture<UnreadCounts> unread(final @NotNull Identity who,
                                                           final @NotNull GetUnread request) {
        return counters.counts(who.userId()).thenApply(snapshot -> {
            final UnreadCounts.Builder reply = UnreadCounts.newBuilder().setAvailable(snapshot.isPresent());
            snapshot.ifPresent(s -> {
                s.counts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> reply.addConversations(
                        ConversationUnread.newBuilder().setConversationId(e.getKey()).setCount(e.getValue())));
                reply.setTotal(s.total());
            });
            return reply.build();
        });
    }

    public @NotNull CompletableFuture<ReadByList> readBy(final @NotNull Identity who, final @NotNull ReadBy request) {
        final String conversation = request.getConversationId();
        if (conversation.isEmpty()) {
            throw invalid("conversation_id is required");
        }
        if (request.getSeq() < 1) {
            throw invalid("seq must be positive");
        }
        return directory.checkVisible(who.userId(), conversation)
                .thenCompose(ignored -> stores.members().find(conversation, who.userId())).thenCompose(member -> {
            if (member.isEmpty() || !member.get().active()) {
                throw notMember(conversation);
            }
            return stores.conversations().find(conversation);
        }).thenCompose(record -> {
            if (record.isPresent() && record.get().memberCount() > readReceiptsMaxMembers) {
                throw invalid("read positions per message are kept for groups of up to " + readReceiptsMaxMembers
                        + " members");
            }
            return stores.members().readers(conversation, request.getSeq(), who.userId());
        }).thenApply(readers -> ReadByList.newBuilder().setConversationId(conversation).setSeq(request.getSeq())
                .addAllUserIds(readers).build());
    }

    private static @NotNull RequestException notMember(final @NotNull String conversation) {
        return Directory.notVisible(conversation);
    }

    private static @NotNull RequestException invalid(final @NotNull String message) {
        return new RequestException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
