package io.missive.broker.messaging;

import io.missive.broker.sync.DeviceSessions;
import io.missive.broker.sync.SyncRetention;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.SyncEvent;
import io.missive.storage.MongoStores;
import io.missive.storage.conversation.Conversation;
import io.missive.storage.message.StoredMessage;
import io.missive.storage.sync.SyncEntry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Enters a stored message into the sync stream of every member of its conversation (the sender
 * too, for their other devices) and pushes it live to the devices connected now. Idempotent: a
 * message entered twice keeps its first version, so recovery may simply run it again.
 */
@Singleton
public final class Fanout {

    private final @NotNull MongoStores stores;
    private final @NotNull Replies replies;
    private final @NotNull DeferredWrites deferred;
    private final @NotNull DeviceSessions sessions;
    private final @NotNull SyncRetention retention;

    @Inject
    public Fanout(final @NotNull MongoStores stores, final @NotNull Replies replies,
                  final @NotNull DeferredWrites deferred, final @NotNull DeviceSessions sessions,
                  final @NotNull SyncRetention retention) {
        this.stores = stores;
        this.replies = replies;
        this.deferred = deferred;
        this.sessions = sessions;
        this.retention = retention;
    }

    public @NotNull CompletableFuture<Void> deliver(final @NotNull StoredMessage message,
                                                    final @NotNull List<String> members) {
        final Message wire = Protos.message(message);
        final List<CompletableFuture<SyncEntry>> entries = members.stream()
                .map(member -> stores.syncStreams()
                        .append(SyncEntry.message(member, message.conversationId(), message.seq(), message.messageId()))
                        .thenApply(entry -> {
                            replies.event(Topics.userStream(member),
                                    SyncEvent.newBuilder().setVersion(entry.version()).setMessage(wire).build());
                            sessions.published(member, entry.version());
                            retention.appended(member, entry.version());
                            return entry;
                        }))
                .collect(Collectors.toList());
        return CompletableFuture.allOf(entries.toArray(new CompletableFuture[0])).thenRun(() -> {
            deferred.fannedOut(message.messageId());
            deferred.activity(message.conversationId(), message.seq(), message.serverTimeMs());
        });
    }

    public @NotNull CompletableFuture<Void> deliver(final @NotNull StoredMessage message,
                                                    final @NotNull Conversation conversation) {
        return deliver(message, conversation.members());
    }
}
