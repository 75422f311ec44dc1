package io.missive.broker.messaging;

import io.missive.broker.auth.Identity;
import io.missive.broker.contact.Relations;
import io.missive.broker.group.GroupDelivery;
import io.missive.broker.group.GroupMembers;
import io.missive.broker.metrics.Metrics;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A SendMessage: check it, resolve the conversation, store the message with its seq (or find the
 * earlier copy of a resend), then fan it out (a direct message) or deliver it (a group message). The returned ack completes once the message is
 * durable; fan-out continues after it, and a crash in between is repaired by
 * {@link FanoutRecovery} or by the sender's retry.
 */
@Singleton
public final class SendHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SendHandler.class);

    private final @NotNull MongoStores stores;
    private final @NotNull Directory directory;
    private final @NotNull Fanout fanout;
    private final @NotNull GroupMembers groups;
    private final @NotNull GroupDelivery groupDelivery;
    private final @NotNull Relations relations;
    private final @NotNull Metrics metrics;

    @Inject
    public SendHandler(final @NotNull MongoStores stores, final @NotNull Directory directory,
                       final @NotNull Fanout fanout, final @NotNull GroupMembers groups,
                       final @NotNull GroupDelivery groupDelivery, final @NotNull Relations relations,
                       final @NotNull Metrics metrics) {
        this.relations = relations;
        this.metrics = metrics;
        this.stores = stores;
        this.directory = directory;
        this.fanout = fanout;
        this.groups = groups;
        this.groupDelivery = groupDelivery;
    }

    /** Completes with the ack once the message is stored (or found stored); counted either way. */
    public @NotNull CompletableFuture<SendAck> send(final @NotNull Identity sender, final @NotNull SendMessage send) {
        CompletableFuture<SendAck> ack;
        try {
            ack = store(sender, send);
        } catch (final RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        return ack.whenComplete((ok, error) -> {
            if (error == null) {
                metrics.messageReceived(!ok.getDuplicate());
            } else {
                metrics.messageRefused();
            }
        });
    }

    private @NotNull CompletableFuture<SendAck> store(final @NotNull Identity sender, final @NotNull SendMessage send) {
        if (!Ids.isValidClientMsgId(send.getClientMsgId())) {
            return invalid("client_msg_id must be 1..64 characters of letters, digits, '_', '.', ':', '-'");
        }
        if (!send.hasContent() || !send.getContent().hasText() || send.getContent().getText().isEmpty()) {
            return invalid("content.text is required");
        }
        final CompletableFuture<Conversation> conversation;
        switch (send.getTargetCase()) {
            case TO_USER_ID:
                conversation = directory.directWith(sender.userId(), send.getToUserId());
                break;
            case CONVERSATION_ID:
                if (Ids.isGroupConversation(send.getConversationId())) {
                    return sendToGroup(sender, send);
                }
                conversation = directory.memberConversation(sender.userId(), send.getConversationId());
                break;
            default:
                return invalid("a target is required: to_user_id or conversation_id");
        }
        return conversation.thenCompose(c -> notBlocked(c).thenApply(ignored -> c)).thenCompose(c -> stores.messages()
                .append(new NewMessage(c.conversationId(), sender.userId(), sender.deviceId(), send.getClientMsgId(),
                        send.getContent().getText()))
                .thenApply(result -> {
                    if (!result.duplicate() || !result.message().fannedOut()) {
                        fanout.deliver(result.message(), c).whenComplete((ok, error) -> {
                            if (error != null) {
                                LOG.warn("Fan-out of {} #{} incomplete, recovery will finish it: {}",
                                        c.conversationId(), result.message().seq(), error.toString());
                            }
                        });
                    }
                    return ack(result);
                }));
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
                                                           final @NotNull SendMessage send) {
        final String group = send.getConversationId();
        return groups.snapshot(group).thenCompose(snapshot -> {
            if (!snapshot.isMember(sender.userId())) {
                throw new RequestException(ErrorCode.NOT_A_MEMBER, "not a member of conversation '" + group + "'");
            }
            return stores.messages().append(new NewMessage(group, sender.userId(), sender.deviceId(),
                    send.getClientMsgId(), send.getContent().getText()));
        }).thenApply(result -> {
            if (!result.duplicate() || !result.message().fannedOut()) {
                groupDelivery.deliverMessage(result.message()).whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.warn("Delivery of {} #{} incomplete, recovery will finish it: {}",
                                group, result.message().seq(), error.toString());
                    }
                });
            }
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

    private static <T> @NotNull CompletableFuture<T> invalid(final @NotNull String message) {
        return CompletableFuture.failedFuture(new RequestException(ErrorCode.INVALID_ARGUMENT, message));
    }
}
