package io.missive.broker.messaging;

import io.missive.broker.counters.Counters;
import io.missive.broker.push.Pushes;
import io.missive.broker.sync.StreamAppender;
import io.missive.storage.conversation.Conversation;
import io.missive.storage.message.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Delivery of a stored direct message: an entry in both participants' sync streams (the sender's
 * too, for their other devices), then its derived state: the conversation list and the sender's
 * own read position (written behind), the unread counters and push notifications. Idempotent like
 * the streams, so recovery may simply run it again.
 */
@Singleton
public final class DirectDelivery {

    private final @NotNull StreamAppender streams;
    private final @NotNull DeferredWrites deferred;
    private final @NotNull Counters counters;
    private final @NotNull Pushes pushes;

    @Inject
    public DirectDelivery(final @NotNull StreamAppender streams, final @NotNull DeferredWrites deferred,
                          final @NotNull Counters counters, final @NotNull Pushes pushes) {
        this.streams = streams;
        this.deferred = deferred;
        this.counters = counters;
        this.pushes = pushes;
    }

    /** Into both participants' streams, then the message's derived state. */
    public @NotNull CompletableFuture<Void> deliver(final @NotNull StoredMessage message,
                                                    final @NotNull List<String> members) {
        return streams.append(message, members).thenRun(() -> {
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
