package io.missive.broker.messaging;

import io.missive.broker.group.GroupDelivery;
import io.missive.broker.group.GroupMembers;
import io.missive.broker.store.Workers;
import io.missive.protocol.Ids;
import io.missive.storage.MongoStores;
import io.missive.storage.message.FanoutCheckpoints.Checkpoint;
import io.missive.storage.message.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * At start-up, finishes the fan-out of messages that were stored (and maybe acknowledged) but
 * whose entry into the recipients' sync streams a crash may have cut short; for a group, finishes
 * applying its events and recording its latest message.
 *
 * <p>Which messages: those stored since the checkpoint ({@link FanoutTracker}) of every server
 * that stopped without removing its own. A checkpoint refreshed in the last
 * {@value #STALE_MS} ms may belong to a server that is still running: it is read again after
 * {@value #PROOF_MS} ms, and only one that did not move meanwhile is taken as dead. Once its
 * messages are delivered again (idempotently), its checkpoint is removed.
 */
@Singleton
public final class FanoutRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(FanoutRecovery.class);
    private static final int PAGE = 500;
    static final long STALE_MS = 5_000;
    static final long PROOF_MS = 2 * FanoutTracker.RECORD_EVERY_MS + 500;

    private final @NotNull MongoStores stores;
    private final @NotNull DirectDelivery directDelivery;
    private final @NotNull DeferredWrites deferred;
    private final @NotNull GroupMembers groups;
    private final @NotNull GroupDelivery groupDelivery;
    private final @NotNull FanoutTracker tracker;
    private final @NotNull Workers workers;

    @Inject
    public FanoutRecovery(final @NotNull MongoStores stores, final @NotNull DirectDelivery directDelivery,
                          final @NotNull DeferredWrites deferred, final @NotNull GroupMembers groups,
                          final @NotNull GroupDelivery groupDelivery, final @NotNull FanoutTracker tracker,
                          final @NotNull Workers workers) {
        this.stores = stores;
        this.directDelivery = directDelivery;
        this.deferred = deferred;
        this.groups = groups;
        this.groupDelivery = groupDelivery;
        this.tracker = tracker;
        this.workers = workers;
    }

    /** Completes with the number of messages whose fan-out was run again. */
    public @NotNull CompletableFuture<Integer> run() {
        return deadCheckpoints().thenCompose(dead -> {
            if (dead.isEmpty()) {
                return CompletableFuture.completedFuture(0);
            }
            final long from = dead.stream().mapToLong(Checkpoint::beforeMs).min().orElseThrow();
            return round(from, null, 0)
                    .thenCompose(count -> stores.fanoutCheckpoints()
                            .remove(dead.stream().map(Checkpoint::node).collect(Collectors.toList()))
                            .thenApply(ignored -> count));
        });
    }

    /** The checkpoints of servers that are not running (this one excluded). */
    private @NotNull CompletableFuture<List<Checkpoint>> deadCheckpoints() {
        return stores.fanoutCheckpoints().all().thenCompose(first -> {
            final long now = System.currentTimeMillis();
            final List<Checkpoint> others = first.stream().filter(c -> !c.node().equals(tracker.node()))
                    .collect(Collectors.toList());
            if (others.stream().allMatch(c -> now - c.updatedAtMs() >= STALE_MS)) {
                return CompletableFuture.completedFuture(others);
            }
            // some were refreshed lately: a running server refreshes its own within the pause
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(PROOF_MS, TimeUnit.MILLISECONDS, workers.timer()))
                    .thenCompose(ignored -> stores.fanoutCheckpoints().all())
                    .thenApply(second -> {
                        final Map<String, Checkpoint> now2 = second.stream()
                                .collect(Collectors.toMap(Checkpoint::node, Function.identity()));
                        return others.stream()
                                .filter(c -> now2.containsKey(c.node())
                                        && now2.get(c.node()).updatedAtMs() == c.updatedAtMs())
                                .collect(Collectors.toList());
                    });
        });
    }

    private @NotNull CompletableFuture<Integer> round(final long fromMs, final @Nullable String afterId,
                                                     final int doneSoFar) {
        return stores.messages().storedSince(fromMs, afterId, PAGE).thenCompose(messages -> {
            if (messages.isEmpty()) {
                if (doneSoFar > 0) {
                    LOG.info("Ran the fan-out of {} messages stored since the last checkpoint again", doneSoFar);
                }
                return CompletableFuture.completedFuture(doneSoFar);
            }
            final String last = messages.get(messages.size() - 1).messageId();
            return deliverInOrder(messages)
                    .thenCompose(ignored -> deferred.flush())
                    .thenCompose(ignored -> messages.size() < PAGE
                            ? CompletableFuture.completedFuture(doneSoFar + messages.size())
                            : round(fromMs, last, doneSoFar + messages.size()));
        });
    }

    /** Each conversation's messages in seq order (ids are in creation order, which may differ across servers). */
    private @NotNull CompletableFuture<Void> deliverInOrder(final @NotNull List<StoredMessage> page) {
        final List<StoredMessage> messages = new ArrayList<>(page);
        messages.sort(Comparator.comparing(StoredMessage::conversationId).thenComparingLong(StoredMessage::seq));
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
                LOG.warn("Message {} is in unknown conversation {}", message.messageId(), message.conversationId());
                continue;
            }
            chain = chain.thenCompose(ignored -> directDelivery.deliver(message, List.of(members)));
        }
        return chain;
    }
}
