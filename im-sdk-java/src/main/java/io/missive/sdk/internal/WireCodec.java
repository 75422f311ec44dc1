package io.missive.sdk.internal;

import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.Reply;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.GroupChange;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Role;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;

/**
 * The part of the conversion between the SDK's types and the protobuf wire contract that every
 * request family shares: the failure an error reply (or an unexpected one) becomes, the stored
 * message with its group change, and the member role. Each family's requests and the decoding of
 * their replies and events live in its own codec: {@link MessageCodec}, {@link SyncCodec},
 * {@link DeviceCodec}, {@link GroupCodec}, {@link ConversationCodec}, {@link ReadCodec},
 * {@link ContactCodec}, {@link PresenceCodec} and {@link PushCodec}. Stateless.
 */
final class WireCodec {

    private WireCodec() {
    }

    /** @return the failure for a reply that is an error, or not the kind of reply the request expects */
    static @NotNull MissiveException unexpected(final @NotNull Reply reply, final @Nullable String clientMsgId) {
        if (reply.getBodyCase() == Reply.BodyCase.ERROR) {
            final io.missive.protocol.v1.Error error = reply.getError();
            final String id = error.getClientMsgId().isEmpty() ? clientMsgId : error.getClientMsgId();
            final String message = error.getMessage().isEmpty() ? "request refused" : error.getMessage();
            return new MissiveException(errorCode(error.getCode()), message, id, -1, error.getRetryAfterMs(), null);
        }
        return new MissiveException(ErrorCode.UNSPECIFIED,
                "unexpected reply from server: " + reply.getBodyCase(), clientMsgId, -1, null);
    }

    /**
     * Every code of the protocol has its own SDK code of the same name; a code this SDK does not
     * know (UNRECOGNIZED) and the unset one are {@link ErrorCode#UNSPECIFIED}. No default branch: a
     * code added to the protocol does not compile until it is mapped here.
     */
    static @NotNull ErrorCode errorCode(final @NotNull io.missive.protocol.v1.ErrorCode code) {
        return switch (code) {
            case MALFORMED -> ErrorCode.MALFORMED;
            case UNKNOWN_REQUEST -> ErrorCode.UNKNOWN_REQUEST;
            case PAYLOAD_TOO_LARGE -> ErrorCode.PAYLOAD_TOO_LARGE;
            case INVALID_ARGUMENT -> ErrorCode.INVALID_ARGUMENT;
            case NOT_AUTHORIZED -> ErrorCode.NOT_AUTHORIZED;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case NOT_A_MEMBER -> ErrorCode.NOT_A_MEMBER;
            case GROUP_FULL -> ErrorCode.GROUP_FULL;
            case BLOCKED -> ErrorCode.BLOCKED;
            case NOT_A_CONTACT -> ErrorCode.NOT_A_CONTACT;
            case INTERNAL -> ErrorCode.INTERNAL;
            case TOO_FAR_BEHIND -> ErrorCode.TOO_FAR_BEHIND;
            case BUSY -> ErrorCode.BUSY;
            case RATE_LIMITED -> ErrorCode.RATE_LIMITED;
            case LINK_REFUSED -> ErrorCode.LINK_REFUSED;
            case ERROR_CODE_UNSPECIFIED, UNRECOGNIZED -> ErrorCode.UNSPECIFIED;
        };
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
                .change(message.hasChange() ? toGroupChange(message.getChange()) : null)
                .syncVersion(syncVersion)
                .build();
    }

    static @NotNull GroupChange toGroupChange(final @NotNull io.missive.protocol.v1.GroupChange change) {
        final GroupChange.Kind kind = toKind(change.getKind());
        final boolean named = kind == GroupChange.Kind.CREATED || kind == GroupChange.Kind.RENAMED;
        return GroupChange.of(kind, change.getUserIdsList(),
                named ? change.getName() : null,
                kind == GroupChange.Kind.ROLE_CHANGED ? toRole(change.getRole()) : null,
                change.getNewOwnerUserId().isEmpty() ? null : change.getNewOwnerUserId());
    }

    /**
     * Every kind of change of the protocol is the SDK kind of the same name; the unset kind and a
     * kind this SDK does not know (UNRECOGNIZED) are {@link GroupChange.Kind#UNKNOWN}. No default
     * branch: a kind added to the protocol does not compile until it is mapped here.
     */
    static @NotNull GroupChange.Kind toKind(final @NotNull io.missive.protocol.v1.GroupChange.Kind kind) {
        return switch (kind) {
            case CREATED -> GroupChange.Kind.CREATED;
            case MEMBERS_ADDED -> GroupChange.Kind.MEMBERS_ADDED;
            case MEMBERS_REMOVED -> GroupChange.Kind.MEMBERS_REMOVED;
            case MEMBER_LEFT -> GroupChange.Kind.MEMBER_LEFT;
            case RENAMED -> GroupChange.Kind.RENAMED;
            case ROLE_CHANGED -> GroupChange.Kind.ROLE_CHANGED;
            case KIND_UNSPECIFIED, UNRECOGNIZED -> GroupChange.Kind.UNKNOWN;
        };
    }

    /**
     * Every role of the protocol is the SDK role of the same name; a role this SDK does not know
     * (UNRECOGNIZED) counts as {@link Role#MEMBER}, the one with the fewest rights. No default
     * branch: a role added to the protocol does not compile until it is mapped here.
     */
    static @NotNull Role toRole(final @NotNull io.missive.protocol.v1.Role role) {
        return switch (role) {
            case OWNER -> Role.OWNER;
            case ADMIN -> Role.ADMIN;
            case MEMBER, UNRECOGNIZED -> Role.MEMBER;
        };
    }

    /** Every SDK role is the protocol role of the same name; one added to the SDK does not compile until mapped. */
    static @NotNull io.missive.protocol.v1.Role toWire(final @NotNull Role role) {
        return switch (role) {
            case OWNER -> io.missive.protocol.v1.Role.OWNER;
            case ADMIN -> io.missive.protocol.v1.Role.ADMIN;
            case MEMBER -> io.missive.protocol.v1.Role.MEMBER;
        };
    }
}
