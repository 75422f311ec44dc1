package io.missive.sdk.internal;

import io.missive.protocol.v1.FindConversation;
import io.missive.protocol.v1.ListConversations;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.UpdateConversationSettings;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.ConversationType;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The wire form of the conversation list, finding a conversation and the user's own settings of one,
 * and of their replies. Stateless.
 */
final class ConversationCodec {

    private ConversationCodec() {
    }

    static @NotNull Uplink listConversations(final @NotNull String cursor, final int limit) {
        return Uplink.newBuilder()
                .setListConversations(ListConversations.newBuilder().setCursor(cursor).setLimit(limit))
                .build();
    }

    /** @throws MissiveException when the reply is an error or not a conversation page */
    static @NotNull ConversationPage toConversationPage(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.CONVERSATIONS) {
            throw WireCodec.unexpected(reply, null);
        }
        final io.missive.protocol.v1.ConversationPage page = reply.getConversations();
        final List<ConversationSummary> rows = new ArrayList<>(page.getConversationsCount());
        for (final io.missive.protocol.v1.ConversationSummary summary : page.getConversationsList()) {
            rows.add(toSummary(summary));
        }
        return ConversationPage.of(rows, page.getNextCursor());
    }

    static @NotNull Uplink findConversation(final @NotNull Collection<String> participantIds) {
        return Uplink.newBuilder()
                .setFindConversation(FindConversation.newBuilder().addAllParticipantIds(participantIds))
                .build();
    }

    /**
     * @return the conversation found; empty when the server answered NOT_FOUND
     * @throws MissiveException when the reply is another error or not a conversation
     */
    static @NotNull Optional<ConversationSummary> toFoundConversation(final @NotNull Reply reply) {
        if (reply.getBodyCase() == Reply.BodyCase.CONVERSATION) {
            return Optional.of(toSummary(reply.getConversation()));
        }
        if (reply.getBodyCase() == Reply.BodyCase.ERROR
                && reply.getError().getCode() == io.missive.protocol.v1.ErrorCode.NOT_FOUND) {
            return Optional.empty();
        }
        throw WireCodec.unexpected(reply, null);
    }

    static @NotNull Uplink updateSettings(final @NotNull String conversationId, final @Nullable Boolean muted,
                                          final @Nullable String label) {
        final UpdateConversationSettings.Builder update =
                UpdateConversationSettings.newBuilder().setConversationId(conversationId);
        if (muted != null) {
            update.setMuted(muted);
        }
        if (label != null) {
            update.setLabel(label);
        }
        return Uplink.newBuilder().setUpdateSettings(update).build();
    }

    /** @throws MissiveException when the reply is an error or not conversation settings */
    static @NotNull ConversationSettings toSettings(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.SETTINGS) {
            throw WireCodec.unexpected(reply, null);
        }
        return toSettings(reply.getSettings());
    }

    static @NotNull ConversationSettings toSettings(final @NotNull io.missive.protocol.v1.ConversationSettings settings) {
        return ConversationSettings.of(settings.getConversationId(), settings.getMuted(), settings.getLabel());
    }

    static @NotNull ConversationSummary toSummary(final @NotNull io.missive.protocol.v1.ConversationSummary summary) {
        return ConversationSummary.builder()
                .conversationId(summary.getConversationId())
                .type(toConversationType(summary.getType()))
                .name(summary.getName())
                .latestSeq(summary.getLatestSeq())
                .lastActivity(Instant.ofEpochMilli(summary.getLastActivityMs()))
                .lastMessage(summary.hasLastMessage() ? WireCodec.toChatMessage(summary.getLastMessage(), 0) : null)
                .muted(summary.getMuted())
                .label(summary.getLabel())
                .memberCount(summary.getMemberCount())
                .joinedSeq(summary.getJoinedSeq())
                .role(WireCodec.toRole(summary.getRole()))
                .build();
    }

    /**
     * Every type of the protocol is the SDK type of the same name; a type this SDK does not know
     * (UNRECOGNIZED) counts as {@link ConversationType#DIRECT}: not a group, so the device does not
     * follow it as one. No default branch: a type added to the protocol does not compile until it
     * is mapped here.
     */
    static @NotNull ConversationType toConversationType(final @NotNull io.missive.protocol.v1.ConversationType type) {
        return switch (type) {
            case DIRECT, UNRECOGNIZED -> ConversationType.DIRECT;
            case GROUP -> ConversationType.GROUP;
        };
    }
}
