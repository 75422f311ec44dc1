package io.missive.broker.messaging;

import io.missive.broker.contact.Relations;
import io.missive.broker.group.GroupDelivery;
import io.missive.broker.group.GroupMembers;
import io.missive.broker.links.LinkPolicy;
import io.missive.broker.metrics.Metrics;
import io.missive.broker.request.Identity;
import io.missive.broker.request.RequestException;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.SendAck;
import io.missive.protocol.v1.SendMessage;
import io.missive.storage.MongoStores;
import io.missive.storage.conversation.Conversation;
import io.missive.storage.message.AppendResult;
import io.missive.storage.message.NewMessage;
import io.missive.storage.message.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A SendMessage: check it (its fields, the store's load, the links of its text), resolve the
 * conversation, store the message with its seq (or find the earlier copy of a resend), then fan it
 * out (a direct message) or deliver it (a group message). The returned ack completes once the message is
 * durable; fan-out continues after it, and a crash in between is repaired by
 * {@link FanoutRecovery} or by the sender's retry.
 */
@Singleton
public final class SendHandler {

    /** Refusals a resend of an already stored message must not get: it is answered with its ack. */
    private static final Set<ErrorCode> REFUSED_FOR_GOOD = EnumSet.of(ErrorCode.BLOCKED, ErrorCode.NOT_A_MEMBER,
            ErrorCode.LINK_REFUSED);

    private static final Logger LOG = LoggerFactory.getLogger(SendHandler.class);

    private final @NotNull MongoStores stores;
    private final @NotNull Directory directory;
    private final @NotNull DirectDelivery directDelivery;
    private final @NotNull GroupMembers groups;
    private final @NotNull GroupDelivery groupDelivery;
    private final @NotNull Relations relations;
    private final @NotNull Metrics metrics;
    private final @NotNull FanoutTracker tracker;
    private final @NotNull SendAdmission admission;
    private final @NotNull LinkPolicy links;

    @Inject
    public SendHandler(final @NotNull MongoStores stores, final @NotNull Directory directory,
                       final @NotNull DirectDelivery directDelivery, final @NotNull GroupMembers groups,
                       final @NotNull GroupDelivery groupDelivery, final @NotNull Relations relations,
                       final @NotNull Metrics metrics, final @NotNull FanoutTracker tracker,
                       final @NotNull SendAdmission admission, final @NotNull LinkPolicy links) {
        this.tracker = tracker;
        this.links = links;
        this.admission = admission;
        this.relations = relations;
        this.metrics = metrics;
        this.stores = stores;
        this.directory = directory;
        this.directDelivery = directDelivery;
        this.groups = groups;
        this.groupDelivery = groupDelivery;
    }

    /** Completes with the ack once the message is stored (or found stored); counted either way. */
    public @NotNull CompletableFuture<SendAck> send(final @NotNull Identity sender, final @NotNull SendMessage send) {
        final long arrivedNanos = System.nanoTime();
        final long ticket = tracker.begin();
        CompletableFuture<SendAck> ack;
        try {
            ack = store(sender, send, arrivedNanos, ticket);
        } catch (final RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        return ack.exceptionallyCompose(error -> storedBefore(sender, send, error, ticket)).whenComplete((ok, error) -> {
            if (error == null) {
                metrics.messageReceived(!ok.getDuplicate());
                metrics.sendStored(arrivedNanos);
                return;
            }
            metrics.messageRefused();
            final Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof RequestException) {
                tracker.end(ticket); // refused: nothing was stored
            } else {
                // the store failed: the message may be stored all the same; find out, and deliver it if so
                tracker.retry(ticket, "Send " + send.getClientMsgId() + " of " + sender.userId(),
                        () -> deliverIfStored(sender, send));
            }
        });
    }

    /**
     * A resend of a message that was stored is answered with its ack, also when a new send would now
     * be refused for good (the users block each other, the sender left the group): the first attempt
     * succeeded, and the client must not take the message for failed. Other refusals stand.
     */
    private @NotNull CompletableFuture<SendAck> storedBefore(final @NotNull Identity sender,
                                                            final @NotNull SendMessage send,
                                                            final @NotNull Throwable error, final long ticket) {
        final Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        final String conversationId = targetConversation(sender, send);
        if (!(cause instanceof RequestException) || conversationId == null
                || !REFUSED_FOR_GOOD.contains(((RequestException) cause).code())) {
            return CompletableFuture.failedFuture(cause);
        }
        return stores.messages().findSent(conversationId, sender.userId(), send.getClientMsgId())
                .handle((found, lookupError) -> {
                    if (lookupError != null || found.isEmpty()) {
                        return CompletableFuture.<SendAck>failedFuture(cause);
                    }
                    tracker.end(ticket); // nothing to deliver: the stored message was delivered or is recovered
                    return CompletableFuture.completedFuture(ack(new AppendResult(found.get(), true)));
                })
                .thenCompose(answer -> answer);
    }

    /** The conversation a send addresses, or null when its target is not even well-formed. */
    private static @Nullable String targetConversation(final @NotNull Identity sender,
                                                       final @NotNull SendMessage send) {
        switch (send.getTargetCase()) {
            case TO_USER_ID:
                return Ids.isValidUserId(send.getToUserId()) && !send.getToUserId().equals(sender.userId())
                        ? Ids.directConversation(sender.userId(), send.getToUserId()) : null;
            case CONVERSATION_ID:
                return send.getConversationId().isEmpty() ? null : send.getConversationId();
            default:
                return null;
        }
    }

    private @NotNull CompletableFuture<SendAck> store(final @NotNull Identity sender, final @NotNull SendMessage send,
                                                     final long arrivedNanos, final long ticket) {
        if (!Ids.isValidClientMsgId(send.getClientMsgId())) {
            throw invalid("client_msg_id must be 1..64 characters of letters, digits, '_', '.', ':', '-'");
        }
        if (!send.hasContent() || !send.getContent().hasText() || send.getContent().getText().isEmpty()) {
            throw invalid("content.text is required");
        }
        admission.admit();
        // the link policy before the conversation: a refused text costs no conversation lookup and stores
        // nothing; a malformed target is refused below for what it is, whatever the text links to
        final CompletableFuture<Void> linksPass = targetConversation(sender, send) == null
                ? CompletableFuture.completedFuture(null) : links.admit(send.getContent().getText());
        final CompletableFuture<Conversation> conversation;
        switch (send.getTargetCase()) {
            case TO_USER_ID:
                conversation = linksPass.thenCompose(ok -> directory.directWith(sender.userId(), send.getToUserId()));
                break;
            case CONVERSATION_ID:
                if (Ids.isGroupConversation(send.getConversationId())) {
                    return linksPass.thenCompose(ok -> sendToGroup(sender, send, ticket, arrivedNanos));
                }
                conversation = linksPass.thenCompose(ok ->
                        directory.memberConversation(sender.userId(), send.getConversationId()));
                break;
            default:
                throw invalid("a target is required: to_user_id or conversation_id");
        }
        return conversation.thenCompose(c -> notBlocked(c).thenApply(ignored -> c)).thenCompose(c -> stores.messages()
                .append(new NewMessage(c.conversationId(), sender.userId(), sender.deviceId(), send.getClientMsgId(),
                        send.getContent().getText()))
                .thenApply(result -> {
                    deliver(result, ticket, "Fan-out of " + c.conversationId() + " #" + result.message().seq(),
                            () -> directDelivery.deliver(result.message(), c), arrivedNanos);
                    return ack(result);
                }));
    }

    /**
     * Runs the delivery of a stored message (a resend's too, unless its first delivery is known to
     * have finished), then ends its ticket; a failed delivery is retried until it succeeds.
     */
    private void deliver(final @NotNull AppendResult result, final long ticket, final @NotNull String what,
                         final @NotNull Supplier<CompletableFuture<Void>> delivery, final long arrivedNanos) {
        if (result.duplicate() && !tracker.mayBeUnfinished(result.message())) {
            tracker.end(ticket);
            return;
        }
        CompletableFuture<Void> run;
        try {
            run = delivery.get();
        } catch (final RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        run.whenComplete((ok, error) -> {
            if (error == null) {
                metrics.sendDelivered(arrivedNanos);
                tracker.end(ticket);
            } else {
                LOG.warn("{} incomplete, retried: {}", what, error.toString());
                tracker.retry(ticket, what, delivery);
            }
        });
    }

    /** After a store failure: delivers the message if it was stored all the same. */
    private @NotNull CompletableFuture<Void> deliverIfStored(final @NotNull Identity sender,
                                                             final @NotNull SendMessage send) {
        final String conversationId = send.getTargetCase() == SendMessage.TargetCase.TO_USER_ID
                ? Ids.directConversation(sender.userId(), send.getToUserId()) : send.getConversationId();
        return stores.messages().findSent(conversationId, sender.userId(), send.getClientMsgId())
                .thenCompose(stored -> {
                    if (stored.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    if (Ids.isGroupConversation(conversationId)) {
                        return groupDelivery.deliverMessage(stored.get());
                    }
                    final String[] pair = Ids.directParticipants(conversationId);
                    return pair == null ? CompletableFuture.completedFuture(null)
                            : directDelivery.deliver(stored.get(), List.of(pair));
                });
    }

    /** A direct message is refused when either participant blocks the other. */
    private @NotNull CompletableFuture<Void> notBlocked(final @NotNull Conversation direct) {
        final List<String> pair = direct.members();
        return relations.of(pair.get(0), pair.get(1)).thenAccept(relation -> {
            if (relation.blocked()) {
                throw new RequestException(ErrorCode.BLOCKED, "messages between '" + pair.get(0) + "' and '"
                        + pair.get(1) + "' are blocked");
            }
        });
    }

    /**
     * A group message: the sender must be a member once the group's pending changes are applied;
     * it is stored once, and delivered to the members of the group as of its seq.
     */
    private @NotNull CompletableFuture<SendAck> sendToGroup(final @NotNull Identity sender,
                                                           final @NotNull SendMessage send, final long ticket,
                                                           final long arrivedNanos) {
        final String group = send.getConversationId();
        return groups.snapshot(group).thenCompose(snapshot -> {
            if (!snapshot.isMember(sender.userId())) {
                throw Directory.notVisible(group);
            }
            return stores.messages().append(new NewMessage(group, sender.userId(), sender.deviceId(),
                    send.getClientMsgId(), send.getContent().getText()));
        }).thenApply(result -> {
            deliver(result, ticket, "Delivery of " + group + " #" + result.message().seq(),
                    () -> groupDelivery.deliverMessage(result.message()), arrivedNanos);
            return ack(result);
        });
    }

    private static @NotNull SendAck ack(final @NotNull AppendResult result) {
        final StoredMessage m = result.message();
        return SendAck.newBuilder()
                .setClientMsgId(m.clientMsgId())
                .setConversationId(m.conversationId())
                .setSeq(m.seq())
                .setMessageId(m.messageId())
                .setServerTimeMs(m.serverTimeMs())
                .setDuplicate(result.duplicate())
                .build();
    }

    private static @NotNull RequestException invalid(final @NotNull String message) {
        return new RequestException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
