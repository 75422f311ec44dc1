package io.missive.broker.sync;

import io.missive.broker.request.Protos;
import io.missive.broker.request.Replies;
import io.missive.protocol.Topics;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.SyncEvent;
import io.missive.storage.MongoStores;
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
 * Appends events to users' sync streams and publishes each live on its user's topic, for the
 * devices connected now. Idempotent: an event appended twice keeps its first version, so recovery
 * may simply run it again.
 */
@Singleton
public final class StreamAppender {

    private final @NotNull MongoStores stores;
    private final @NotNull Replies replies;
    private final @NotNull DeviceSessions sessions;
    private final @NotNull SyncRetention retention;

    @Inject
    public StreamAppender(final @NotNull MongoStores stores, final @NotNull Replies replies,
                          final @NotNull DeviceSessions sessions, final @NotNull SyncRetention retention) {
        this.stores = stores;
        this.replies = replies;
        this.sessions = sessions;
        this.retention = retention;
    }

    /** Appends the message to each user's stream and publishes it live; completes when all are stored. */
    public @NotNull CompletableFuture<Void> append(final @NotNull StoredMessage message,
                                                   final @NotNull Collection<String> users) {
        // many users at once (a group's members): learn their latest versions in bulk first
        final CompletableFuture<Void> primed = users.size() > 2
                ? stores.syncStreams().primeLatest(users) : CompletableFuture.completedFuture(null);
        return primed.thenCompose(ignored -> appendEach(message, users));
    }

    private @NotNull CompletableFuture<Void> appendEach(final @NotNull StoredMessage message,
                                                        final @NotNull Collection<String> users) {
        final Message wire = Protos.message(message);
        final List<CompletableFuture<SyncEntry>> entries = users.stream()
                .map(user -> append(
                        SyncEntry.message(user, message.conversationId(), message.seq(), message.messageId()),
                        entry -> SyncEvent.newBuilder().setVersion(entry.version()).setMessage(wire).build()))
                .collect(Collectors.toList());
        return CompletableFuture.allOf(entries.toArray(new CompletableFuture[0]));
    }

    /** Appends one event to its user's stream, then publishes it live as the given wire event. */
    public @NotNull CompletableFuture<SyncEntry> append(final @NotNull SyncEntry entry,
                                                        final @NotNull Function<SyncEntry, SyncEvent> wire) {
        return stores.syncStreams().append(entry).thenApply(stored -> {
            replies.event(Topics.userStream(stored.userId()), wire.apply(stored));
            sessions.published(stored.userId(), stored.version());
            retention.appended(stored.userId(), stored.version());
            return stored;
        });
    }
}
