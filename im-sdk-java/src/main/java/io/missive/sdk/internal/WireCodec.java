package io.missive.sdk.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.ListDevices;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.RevokeDevice;
import io.missive.protocol.v1.SendAck;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncAck;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncPage;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.DeviceInfo;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.SendReceipt;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Converts between the SDK's types and the protobuf wire contract. Stateless. */
final class WireCodec {

    private WireCodec() {
    }

    static @NotNull Uplink sendRequest(final @NotNull OutgoingMessage message) {
        final SendMessage.Builder send = SendMessage.newBuilder()
                .setClientMsgId(message.clientMsgId())
                .setContent(Content.newBuilder().setText(message.text()));
        message.toUserId().ifPresent(send::setToUserId);
        message.conversationId().ifPresent(send::setConversationId);
        return Uplink.newBuilder().setSend(send).build();
    }

    static @NotNull Uplink historyRequest(final @NotNull String conversationId, final @NotNull HistoryQuery query) {
        final HistoryRequest.Direction direction = query.direction() == HistoryQuery.Direction.AFTER
                ? HistoryRequest.Direction.AFTER
                : HistoryRequest.Direction.BEFORE;
        return Uplink.newBuilder()
                .setHistory(HistoryRequest.newBuilder()
                        .setConversationId(conversationId)
                        .setDirection(direction)
                        .setAnchorSeq(query.anchorSeq())
                        .setLimit(query.limit()))
                .build();
    }

    static @NotNull Uplink syncRequest(final long afterVersion, final int limit) {
        return Uplink.newBuilder()
                .setSync(SyncRequest.newBuilder().setAfterVersion(afterVersion).setLimit(limit))
                .build();
    }

    static @NotNull Uplink syncAck(final long version) {
        return Uplink.newBuilder().setSyncAck(SyncAck.newBuilder().setVersion(version)).build();
    }

    static @NotNull Uplink listDevices() {
        return Uplink.newBuilder().setListDevices(ListDevices.getDefaultInstance()).build();
    }

    static @NotNull Uplink revokeDevice(final @NotNull String deviceId) {
        return Uplink.newBuilder().setRevokeDevice(RevokeDevice.newBuilder().setDeviceId(deviceId)).build();
    }

    /** @return the event, or null when the payload is not a readable sync event */
    static @Nullable SyncEvent parseSyncEvent(final @NotNull byte[] payload) {
        try {
            return SyncEvent.parseFrom(payload);
        } catch (final InvalidProtocolBufferException e) {
            return null;
        }
    }

    /** @return the reply, or null when the payload is not a readable reply */
    static @Nullable Reply parseReply(final @NotNull byte[] payload) {
        try {
            return Reply.parseFrom(payload);
        } catch (final InvalidProtocolBufferException e) {
            return null;
        }
    }

    /**
     * @throws StreamTooFarBehind when the server no longer holds the requested part of the stream
     * @throws MissiveException   when the reply is another error or not a sync page
     */
    static @NotNull SyncPage toSyncPage(final @NotNull Reply reply) {
        if (reply.getBodyCase() == Reply.BodyCase.SYNC) {
            return reply.getSync();
        }
        if (reply.getBodyCase() == Reply.BodyCase.ERROR
                && reply.getError().getCode() == io.missive.protocol.v1.ErrorCode.TOO_FAR_BEHIND) {
            final io.missive.protocol.v1.Error error = reply.getError();
            throw new StreamTooFarBehind(error.getMessage().isEmpty()
                    ? "the server no longer holds the stream after this device's cursor"
                    : error.getMessage(), error.getLatestVersion());
        }
        throw unexpected(reply, null);
    }

    /** @throws MissiveException when the reply is an error or not a device list */
    static @NotNull List<DeviceInfo> toDevices(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.DEVICES) {
            throw unexpected(reply, null);
        }
        final List<DeviceInfo> devices = new ArrayList<>(reply.getDevices().getDevicesCount());
        for (final io.missive.protocol.v1.DeviceInfo device : reply.getDevices().getDevicesList()) {
            devices.add(DeviceInfo.of(device.getDeviceId(), Instant.ofEpochMilli(device.getCreatedMs()),
                    device.getLastLoginMs() > 0 ? Instant.ofEpochMilli(device.getLastLoginMs()) : null,
                    device.getAckedVersion(), device.getActive(), device.getCurrent()));
        }
        return Collections.unmodifiableList(devices);
    }

    /** @throws MissiveException when the reply is an error or not a revocation */
    static @Nullable Void toRevoked(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.DEVICE_REVOKED) {
            throw unexpected(reply, null);
        }
        return null;
    }

    /** @throws MissiveException when the reply is an error or not a send acknowledgement */
    static @NotNull SendReceipt toReceipt(final @NotNull Reply reply, final @NotNull String clientMsgId) {
        if (reply.getBodyCase() != Reply.BodyCase.SEND_ACK) {
            throw unexpected(reply, clientMsgId);
        }
        final SendAck ack = reply.getSendAck();
        return SendReceipt.of(ack.getClientMsgId().isEmpty() ? clientMsgId : ack.getClientMsgId(),
                ack.getConversationId(), ack.getSeq(), ack.getMessageId(),
                Instant.ofEpochMilli(ack.getServerTimeMs()), ack.getDuplicate());
    }

    /** @throws MissiveException when the reply is an error or not a history page */
    static @NotNull HistoryPage toHistoryPage(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.HISTORY) {
            throw unexpected(reply, null);
        }
        final io.missive.protocol.v1.HistoryPage page = reply.getHistory();
        final List<ChatMessage> messages = new ArrayList<>(page.getMessagesCount());
        for (final Message message : page.getMessagesList()) {
            messages.add(toChatMessage(message, 0));
        }
        return HistoryPage.of(page.getConversationId(), messages, page.getHasMore(), page.getLatestSeq());
    }

    static @NotNull ChatMessage toChatMessage(final @NotNull Message message, final long syncVersion) {
        return ChatMessage.builder()
                .conversationId(message.getConversationId())
                .seq(message.getSeq())
                .messageId(message.getMessageId())
                .senderUserId(message.getSenderUserId())
                .senderDeviceId(message.getSenderDeviceId())
                .clientMsgId(message.getClientMsgId())
                .serverTime(Instant.ofEpochMilli(message.getServerTimeMs()))
                .text(message.getContent().getKindCase() == Content.KindCase.TEXT
                        ? message.getContent().getText()
                        : null)
                .syncVersion(syncVersion)
                .build();
    }

    static @NotNull ErrorCode errorCode(final @NotNull io.missive.protocol.v1.ErrorCode code) {
        switch (code) {
            case MALFORMED:
                return ErrorCode.MALFORMED;
            case UNKNOWN_REQUEST:
                return ErrorCode.UNKNOWN_REQUEST;
            case PAYLOAD_TOO_LARGE:
                return ErrorCode.PAYLOAD_TOO_LARGE;
            case INVALID_ARGUMENT:
                return ErrorCode.INVALID_ARGUMENT;
            case NOT_AUTHORIZED:
                return ErrorCode.NOT_AUTHORIZED;
            case NOT_FOUND:
                return ErrorCode.NOT_FOUND;
            case NOT_A_MEMBER:
                return ErrorCode.NOT_A_MEMBER;
            case INTERNAL:
                return ErrorCode.INTERNAL;
            case TOO_FAR_BEHIND:
                return ErrorCode.TOO_FAR_BEHIND;
            default:
                return ErrorCode.UNSPECIFIED;
        }
    }

    private static @NotNull MissiveException unexpected(final @NotNull Reply reply, final @Nullable String clientMsgId) {
        if (reply.getBodyCase() == Reply.BodyCase.ERROR) {
            final io.missive.protocol.v1.Error error = reply.getError();
            final String id = error.getClientMsgId().isEmpty() ? clientMsgId : error.getClientMsgId();
            final String message = error.getMessage().isEmpty() ? "request refused" : error.getMessage();
            return new MissiveException(errorCode(error.getCode()), message, id, -1, null);
        }
        return new MissiveException(ErrorCode.UNSPECIFIED,
                "unexpected reply from server: " + reply.getBodyCase(), clientMsgId, -1, null);
    }
}
