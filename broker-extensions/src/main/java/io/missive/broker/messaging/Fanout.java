package io.missive.broker.messaging;

import io.missive.broker.counters.Counters;
import io.missive.broker.push.Pushes;
import io.missive.broker.request.Protos;
import io.missive.broker.request.Replies;
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

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Enters events into users' sync streams and pushes them live to the devices connected now.
 * A direct message becomes an entry of both participants' streams (the sender's too, for their
 * other devices). Idempotent: an event entered twice keeps its first version, so recovery may
 * simply run it again.
 */
@Singleton
public final class Fanout {

    private final @NotNull MongoStores stores;
    private final @NotNull Replies replies;
    private final @NotNull DeferredWrites deferred;
    private final @NotNull DeviceSessions sessions;
    private final @NotNull SyncRetention retention;
    private final @NotNull Counters counters;
    private final @NotNull Pushes pushes;

    @Inject
    public Fanout(final @NotNull MongoStores stores, final @NotNull Replies replies,
                  final @NotNull DeferredWrites deferred, final @NotNull DeviceSessions sessions,
                  final @NotNull SyncRetention retention, final @NotNull Counters counters,
                  final @NotNull Pushes pushes) {
        this.pushes = pushes;
        this.counters = counters;
        this.stores = stores;
        this.replies = replies;
        this.deferred = deferred;
        this.sessions = sessions;
        this.retention = retention;
    }

    /** Enters the message into each user's stream and publishes it live; completes when all are stored. */
    public @NotNull CompletableFuture<Void> enter(final @NotNull StoredMessage message,
                                                  final @NotNull Collection<String> users) {
        // many users at once (a group's members): learn their latest versions in bulk first
        final CompletableFuture<Void> primed = users.size() > 2
                ? stores.syncStreams().primeLatest(users) : CompletableFuture.completedFuture(null);
        return primed.thenCompose(ignored -> enterEach(message, users));
    }

    private @NotNull CompletableFuture<Void> enterEach(final @NotNull StoredMessage message,
                                                       final @NotNull Collection<String> users) {
        final Message wire = Protos.message(message);
        final List<CompletableFuture<SyncEntry>> entries = users.stream()
                .map(user -> enter(SyncEntry.message(user, message.conversationId(), message.seq(), message.messageId()),
                        entry -> SyncEvent.newBuilder().setVersion(entry.version()).setMessage(wire).build()))
                .collect(Collectors.toList());
        return CompletableFuture.allOf(entries.toArray(new CompletableFuture[0]));
    }

    /** Enters one event into its user's stream, then publishes it live as the given wire event. */
    public @NotNull CompletableFuture<SyncEntry> enter(final @NotNull SyncEntry entry,
                                                       final @NotNull Function<SyncEntry, SyncEvent> wire) {
        return stores.syncStreams().append(entry).thenApply(stored -> {
            replies.event(Topics.userStream(stored.userId()), wire.apply(stored));
            sessions.published(stored.userId(), stored.version());
            retention.appended(stored.userId(), stored.version());
            return stored;
        });
    }

    /** A direct message: into both participants' streams, then its derived state (list, counters, pushes). */
    public @NotNull CompletableFuture<Void> deliver(final @NotNull StoredMessage message,
                                                    final @NotNull List<String> members) {
        return enter(message, members).thenRun(() -> {
            deferred.activity(message);
            deferred.ownRead(message.conversationId(), message.senderUserId(), message.seq());
            counters.messageStored(message.conversationId(), message.seq(), message.senderUserId(), members);
            pushes.messageStored(message, members);
        });
    }

    public @NotNull CompletableFuture<Void> deliver(final @NotNull StoredMessage message,
                                                    final @NotNull Conversation conversation) {
        return deliver(message, conversation.members());
    }
}
