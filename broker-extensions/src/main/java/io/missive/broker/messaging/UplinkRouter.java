package io.missive.broker.messaging;

import com.google.protobuf.InvalidProtocolBufferException;
import io.missive.broker.contact.ContactsHandler;
import io.missive.broker.conversation.ConversationsHandler;
import io.missive.broker.device.DevicesHandler;
import io.missive.broker.group.GroupHandler;
import io.missive.broker.presence.Presence;
import io.missive.broker.push.PushHandler;
import io.missive.broker.read.ReadHandler;
import io.missive.broker.request.Identity;
import io.missive.broker.request.Replies;
import io.missive.broker.request.RequestException;
import io.missive.broker.sync.SyncHandler;
import io.missive.protocol.v1.Contact;
import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.GroupInfo;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Decodes an uplink request, runs it, and answers on the device's reply topic. The returned
 * future completes (never exceptionally) with the PUBACK outcome once the request is done:
 * for a send, once the message is durably stored.
 */
@Singleton
public final class UplinkRouter {

    private static final Logger LOG = LoggerFactory.getLogger(UplinkRouter.class);

    private final @NotNull SendHandler sends;
    private final @NotNull HistoryHandler history;
    private final @NotNull SyncHandler sync;
    private final @NotNull DevicesHandler devices;
    private final @NotNull GroupHandler groups;
    private final @NotNull ConversationsHandler conversations;
    private final @NotNull ReadHandler reads;
    private final @NotNull ContactsHandler contacts;
    private final @NotNull Presence presence;
    private final @NotNull PushHandler pushes;
    private final @NotNull Replies replies;

    @Inject
    public UplinkRouter(final @NotNull SendHandler sends, final @NotNull HistoryHandler history,
                        final @NotNull SyncHandler sync, final @NotNull DevicesHandler devices,
                        final @NotNull GroupHandler groups, final @NotNull ConversationsHandler conversations,
                        final @NotNull ReadHandler reads, final @NotNull ContactsHandler contacts,
                        final @NotNull Presence presence, final @NotNull PushHandler pushes,
                        final @NotNull Replies replies) {
        this.pushes = pushes;
        this.reads = reads;
        this.contacts = contacts;
        this.presence = presence;
        this.sends = sends;
        this.history = history;
        this.sync = sync;
        this.devices = devices;
        this.groups = groups;
        this.conversations = conversations;
        this.replies = replies;
    }

    /**
     * @param payload       the uplink bytes (already size-checked)
     * @param replyTopic    where the reply goes (already checked to belong to the device)
     * @param correlation   echoed in the reply
     */
    public @NotNull CompletableFuture<RequestException> handle(final @NotNull Identity identity,
                                                               final byte @NotNull [] payload,
                                                               final @NotNull String replyTopic,
                                                               final @Nullable ByteBuffer correlation) {
        final Uplink uplink;
        try {
            uplink = Uplink.parseFrom(payload);
        } catch (final InvalidProtocolBufferException e) {
            return refuse(new RequestException(ErrorCode.MALFORMED, "payload is not a valid Uplink message"),
                    "", replyTopic, correlation);
        }
        final String clientMsgId = uplink.getBodyCase() == Uplink.BodyCase.SEND ? uplink.getSend().getClientMsgId() : "";
        CompletableFuture<Reply> reply;
        try {
            reply = route(identity, uplink);
        } catch (final RuntimeException e) {
            // a handler refused the request before doing anything asynchronous
            reply = CompletableFuture.failedFuture(e);
        }
        if (reply == null) {
            return refuse(new RequestException(ErrorCode.UNKNOWN_REQUEST,
                    "the uplink carries no request this server knows"), "", replyTopic, correlation);
        }
        return reply.handle((ok, error) -> {
            if (error == null) {
                if (ok != null) {
                    replies.reply(replyTopic, correlation, ok);
                }
                return null;
            }
            final Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            final RequestException refusal;
            if (cause instanceof RequestException) {
                refusal = (RequestException) cause;
            } else {
                LOG.warn("Request of {} on {} failed", identity.userId(), identity.deviceId(), cause);
                refusal = new RequestException(ErrorCode.INTERNAL, "server error; the request may be retried");
            }
            sendError(refusal, clientMsgId, replyTopic, correlation);
            return refusal;
        });
    }

    /** Runs the request; null when the uplink carries none this server knows. */
    private @Nullable CompletableFuture<Reply> route(final @NotNull Identity identity, final @NotNull Uplink uplink) {
        switch (uplink.getBodyCase()) {
            case SEND:
                return sends.send(identity, uplink.getSend()).thenApply(ack -> Reply.newBuilder().setSendAck(ack).build());
            case HISTORY:
                return history.page(identity, uplink.getHistory()).thenApply(p -> Reply.newBuilder().setHistory(p).build());
            case SYNC:
                return sync.page(identity, uplink.getSync()).thenApply(p -> Reply.newBuilder().setSync(p).build());
            case SYNC_ACK:
                // Acknowledgements get no reply: the PUBACK says whether the cursor was stored.
                return sync.acknowledge(identity, uplink.getSyncAck()).thenApply(ignored -> null);
            case LIST_DEVICES:
                return devices.list(identity).thenApply(d -> Reply.newBuilder().setDevices(d).build());
            case REVOKE_DEVICE:
                return devices.revoke(identity, uplink.getRevokeDevice())
                        .thenApply(r -> Reply.newBuilder().setDeviceRevoked(r).build());
            case CREATE_GROUP:
                return groups.create(identity, uplink.getCreateGroup()).thenApply(UplinkRouter::groupReply);
            case ADD_MEMBERS:
                return groups.addMembers(identity, uplink.getAddMembers()).thenApply(UplinkRouter::groupReply);
            case REMOVE_MEMBERS:
                return groups.removeMembers(identity, uplink.getRemoveMembers()).thenApply(UplinkRouter::groupReply);
            case LEAVE_GROUP:
                return groups.leave(identity, uplink.getLeaveGroup()).thenApply(UplinkRouter::groupReply);
            case RENAME_GROUP:
                return groups.rename(identity, uplink.getRenameGroup()).thenApply(UplinkRouter::groupReply);
            case SET_MEMBER_ROLE:
                return groups.setRole(identity, uplink.getSetMemberRole()).thenApply(UplinkRouter::groupReply);
            case LIST_MEMBERS:
                return groups.listMembers(identity, uplink.getListMembers())
                        .thenApply(m -> Reply.newBuilder().setMembers(m).build());
            case LIST_CONVERSATIONS:
                return conversations.list(identity, uplink.getListConversations())
                        .thenApply(c -> Reply.newBuilder().setConversations(c).build());
            case FIND_CONVERSATION:
                return conversations.find(identity, uplink.getFindConversation())
                        .thenApply(c -> Reply.newBuilder().setConversation(c).build());
            case UPDATE_SETTINGS:
                return conversations.updateSettings(identity, uplink.getUpdateSettings())
                        .thenApply(c -> Reply.newBuilder().setSettings(c).build());
            case MARK_READ:
                return reads.markRead(identity, uplink.getMarkRead()).thenApply(r -> Reply.newBuilder().setRead(r).build());
            case GET_UNREAD:
                return reads.unread(identity, uplink.getGetUnread()).thenApply(u -> Reply.newBuilder().setUnread(u).build());
            case READ_BY:
                return reads.readBy(identity, uplink.getReadBy()).thenApply(r -> Reply.newBuilder().setReadBy(r).build());
            case REQUEST_CONTACT:
                return contacts.request(identity, uplink.getRequestContact()).thenApply(UplinkRouter::contactReply);
            case ACCEPT_CONTACT:
                return contacts.accept(identity, uplink.getAcceptContact()).thenApply(UplinkRouter::contactReply);
            case REMOVE_CONTACT:
                return contacts.remove(identity, uplink.getRemoveContact()).thenApply(UplinkRouter::contactReply);
            case BLOCK_USER:
                return contacts.block(identity, uplink.getBlockUser()).thenApply(UplinkRouter::contactReply);
            case UNBLOCK_USER:
                return contacts.unblock(identity, uplink.getUnblockUser()).thenApply(UplinkRouter::contactReply);
            case LIST_CONTACTS:
                return contacts.list(identity).thenApply(c -> Reply.newBuilder().setContacts(c).build());
            case SUBSCRIBE_PRESENCE:
                return presence.subscribe(identity, uplink.getSubscribePresence())
                        .thenApply(p -> Reply.newBuilder().setPresence(p).build());
            case UNSUBSCRIBE_PRESENCE:
                return presence.unsubscribe(identity, uplink.getUnsubscribePresence())
                        .thenApply(p -> Reply.newBuilder().setPresence(p).build());
            case REGISTER_PUSH:
                return pushes.register(identity, uplink.getRegisterPush())
                        .thenApply(p -> Reply.newBuilder().setPush(p).build());
            case UNREGISTER_PUSH:
                return pushes.unregister(identity).thenApply(p -> Reply.newBuilder().setPush(p).build());
            default:
                return null;
        }
    }

    private static @NotNull Reply contactReply(final @NotNull Contact contact) {
        return Reply.newBuilder().setContact(contact).build();
    }

    private static @NotNull Reply groupReply(final @NotNull GroupInfo info) {
        return Reply.newBuilder().setGroup(info).build();
    }

    /** Answers a refused request with an Error reply; completes with the refusal for the PUBACK. */
    public @NotNull CompletableFuture<RequestException> refuse(final @NotNull RequestException refusal,
                                                               final @NotNull String clientMsgId,
                                                               final @NotNull String replyTopic,
                                                               final @Nullable ByteBuffer correlation) {
        sendError(refusal, clientMsgId, replyTopic, correlation);
        return CompletableFuture.completedFuture(refusal);
    }

    private void sendError(final @NotNull RequestException refusal, final @NotNull String clientMsgId,
                           final @NotNull String replyTopic, final @Nullable ByteBuffer correlation) {
        replies.reply(replyTopic, correlation, Reply.newBuilder().setError(Error.newBuilder()
                .setCode(refusal.code()).setMessage(refusal.getMessage()).setClientMsgId(clientMsgId)
                .setLatestVersion(refusal.latestVersion()).setRetryAfterMs(refusal.retryAfterMs())).build());
    }
}
