package io.missive.broker.messaging;

import io.missive.broker.group.GroupDelivery;
import io.missive.broker.group.GroupMembers;
import io.missive.protocol.Ids;
import io.missive.storage.MongoStores;
import io.missive.storage.message.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * At start-up, finishes the fan-out of messages that were stored (and maybe acknowledged) but
 * whose entry into the recipients' sync streams was cut short by a crash; for a group, finishes
 * applying its events and recording its latest message.
 */
@Singleton
public final class FanoutRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(FanoutRecovery.class);
    private static final int PAGE = 500;

    private final @NotNull MongoStores stores;
    private final @NotNull Fanout fanout;
    private final @NotNull DeferredWrites deferred;
    private final @NotNull GroupMembers groups;
    private final @NotNull GroupDelivery groupDelivery;

    @Inject
    public FanoutRecovery(final @NotNull MongoStores stores, final @NotNull Fanout fanout,
                          final @NotNull DeferredWrites deferred, final @NotNull GroupMembers groups,
                          final @NotNull GroupDelivery groupDelivery) {
        this.stores = stores;
        this.fanout = fanout;
        this.deferred = deferred;
        this.groups = groups;
        this.groupDelivery = groupDelivery;
    }

    /** Completes with the number of messages whose fan-out was finished. */
    public @NotNull CompletableFuture<Integer> run() {
        return round(0, List.of());
    }

    private @NotNull CompletableFuture<Integer> round(final int doneSoFar, final @NotNull List<String> previousPage) {
        return stores.messages().notFannedOut(PAGE).thenCompose(messages -> {
            if (messages.isEmpty()) {
                if (doneSoFar > 0) {
                    LOG.info("Recovered the fan-out of {} messages", doneSoFar);
                }
                return CompletableFuture.completedFuture(doneSoFar);
            }
            final List<String> page = messages.stream().map(StoredMessage::messageId).toList();
            if (page.equals(previousPage)) {
                // the marks of the last page did not stick: stop rather than loop; the next start retries
                LOG.warn("Fan-out recovery made no progress on {} messages; it runs again at the next start",
                        page.size());
                return CompletableFuture.completedFuture(doneSoFar);
            }
            return deliverInOrder(messages)
                    .thenCompose(ignored -> deferred.flush())
                    .thenCompose(ignored -> messages.size() < PAGE
                            ? CompletableFuture.completedFuture(doneSoFar + messages.size())
                            : round(doneSoFar + messages.size(), page));
        });
    }

    private @NotNull CompletableFuture<Void> deliverInOrder(final @NotNull List<StoredMessage> messages) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (final StoredMessage message : messages) {
            if (Ids.isGroupConversation(message.conversationId())) {
                chain = chain.thenCompose(ignored -> message.change() == null
                        ? groupDelivery.deliverMessage(message)
                        : groups.change(message.conversationId(), () -> groupDelivery.applyAndAnnounce(message))
                                .thenApply(snapshot -> null));
                continue;
            }
            final String[] members = Ids.directParticipants(message.conversationId());
            if (members == null) {
                // nobody to deliver it to: marked as done, or every start (and every page) would meet it again
                LOG.warn("Message {} is in unknown conversation {}", message.messageId(), message.conversationId());
                deferred.fannedOut(message.messageId());
                continue;
            }
            chain = chain.thenCompose(ignored -> fanout.deliver(message, List.of(members)));
        }
        return chain;
    }
}
