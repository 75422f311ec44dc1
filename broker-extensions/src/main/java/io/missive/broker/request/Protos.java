package io.missive.broker.request;

import io.missive.protocol.v1.ContactState;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.GroupChange;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.Role;
import io.missive.storage.contact.Relation;
import io.missive.storage.conversation.Membership;
import io.missive.storage.message.GroupEvent;
import io.missive.storage.message.StoredMessage;
import org.jetbrains.annotations.NotNull;

import java.util.Map;

/** Stored values to their wire form. */
public final class Protos {

    private static final Map<String, GroupChange.Kind> KINDS = Map.of(
            GroupEvent.CREATED, GroupChange.Kind.CREATED,
            GroupEvent.MEMBERS_ADDED, GroupChange.Kind.MEMBERS_ADDED,
            GroupEvent.MEMBERS_REMOVED, GroupChange.Kind.MEMBERS_REMOVED,
            GroupEvent.MEMBER_LEFT, GroupChange.Kind.MEMBER_LEFT,
            GroupEvent.RENAMED, GroupChange.Kind.RENAMED,
            GroupEvent.ROLE_CHANGED, GroupChange.Kind.ROLE_CHANGED);

    private Protos() {
    }

    public static @NotNull Message message(final @NotNull StoredMessage m) {
        final Message.Builder wire = Message.newBuilder()
                .setConversationId(m.conversationId())
                .setSeq(m.seq())
                .setMessageId(m.messageId())
                .setSenderUserId(m.senderUserId())
                .setSenderDeviceId(m.senderDeviceId())
                .setClientMsgId(m.clientMsgId())
                .setServerTimeMs(m.serverTimeMs());
        final GroupEvent change = m.change();
        if (change == null) {
            wire.setContent(Content.newBuilder().setText(m.text()));
        } else {
            wire.setChange(GroupChange.newBuilder()
                    .setKind(KINDS.getOrDefault(change.kind(), GroupChange.Kind.KIND_UNSPECIFIED))
                    .addAllUserIds(change.userIds())
                    .setName(change.name())
                    .setRole(role(change.role()))
                    .setNewOwnerUserId(change.newOwner()));
        }
        return wire.build();
    }

    public static @NotNull Role role(final @NotNull String stored) {
        switch (stored) {
            case Membership.OWNER:
                return Role.OWNER;
            case Membership.ADMIN:
                return Role.ADMIN;
            default:
                return Role.MEMBER;
        }
    }

    public static @NotNull String role(final @NotNull Role wire) {
        switch (wire) {
            case OWNER:
                return Membership.OWNER;
            case ADMIN:
                return Membership.ADMIN;
            default:
                return Membership.MEMBER;
        }
    }

    public static @NotNull ContactState contactState(final @NotNull String stored) {
        switch (stored) {
            case Relation.REQUEST_SENT:
                return ContactState.CONTACT_REQUEST_SENT;
            case Relation.REQUEST_RECEIVED:
                return ContactState.CONTACT_REQUEST_RECEIVED;
            case Relation.ACCEPTED:
                return ContactState.CONTACT_ACCEPTED;
            case Relation.BLOCKED:
                return ContactState.CONTACT_BLOCKED;
            default:
                return ContactState.CONTACT_NONE;
        }
    }
}
