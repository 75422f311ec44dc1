package io.missive.broker.conversation;

import io.missive.broker.messaging.Directory;
import io.missive.broker.request.Identity;
import io.missive.broker.request.Protos;
import io.missive.broker.request.RequestException;
import io.missive.broker.sync.StreamAppender;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.ConversationPage;
import io.missive.protocol.v1.ConversationSettings;
import io.missive.protocol.v1.ConversationSummary;
import io.missive.protocol.v1.ConversationType;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.FindConversation;
import io.missive.protocol.v1.ListConversations;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.UpdateConversationSettings;
import io.missive.storage.MongoStores;
import io.missive.storage.conversation.ConversationRecord;
import io.missive.storage.conversation.Membership;
import io.missive.storage.conversation.Participants;
import io.missive.storage.message.StoredMessage;
import io.missive.storage.sequence.KeyedChain;
import io.missive.storage.sync.SyncEntry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The conversation list (the "thread table"): a user's conversations by last activity, paged by a
 * cursor; finding the conversation among a set of people; and the user's own mute and label.
 */
@Singleton
public final class ConversationsHandler {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;
    private static final int MAX_LABEL_CHARS = 64;

    private final @NotNull MongoStores stores;
    private final @NotNull StreamAppender streams;
    private final @NotNull Directory directory;
    private final @NotNull KeyedChain settingsChanges = new KeyedChain();

    @Inject
    public ConversationsHandler(final @NotNull MongoStores stores, final @NotNull StreamAppender streams,
                                final @NotNull Directory directory) {
        this.stores = stores;
        this.directory = directory;
        this.streams = streams;
    }

    public @NotNull CompletableFuture<ConversationPage> list(final @NotNull Identity who,
                                                             final @NotNull ListConversations request) {
        final int limit = request.getLimit() == 0 ? DEFAULT_LIMIT : request.getLimit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit must be 1.." + MAX_LIMIT + " (0 = " + DEFAULT_LIMIT + ")");
        }
        final Cursor cursor = Cursor.parse(request.getCursor());
        return stores.members().conversationsOf(who.userId(), cursor == null ? null : new Date(cursor.activityMs),
                        cursor == null ? "" : cursor.conversationId, limit + 1)
                .thenCompose(rows -> {
                    final List<Membership> page = rows.size() > limit ? rows.subList(0, limit) : rows;
                    return stores.conversations().byIds(page.stream().map(Membership::conversationId)
                            .collect(Collectors.toList())).thenApply(records -> {
                                final ConversationPage.Builder reply = ConversationPage.newBuilder();
                                page.forEach(m -> {
                                    final ConversationRecord record = records.get(m.conversationId());
                                    if (record != null) {
                                        reply.addConversations(summary(who.userId(), m, record));
                                    }
                                });
                                if (rows.size() > limit) {
                                    final Membership last = page.get(page.size() - 1);
                                    reply.setNextCursor(new Cursor(last.activityAtMs(), last.conversationId()).format());
                                }
                                return reply.build();
                            });
                });
    }

    public @NotNull CompletableFuture<ConversationSummary> find(final @NotNull Identity who,
                                                                final @NotNull FindConversation request) {
        final Set<String> participants = new LinkedHashSet<>();
        participants.add(who.userId());
        for (final String id : request.getParticipantIdsList()) {
            if (!Ids.isValidUserId(id)) {
                throw invalid("participant_ids contains an invalid user id");
            }
            participants.add(id);
        }
        if (participants.size() < 2) {
            throw invalid("participant_ids must name at least one other user");
        }
        final CompletableFuture<List<String>> candidates;
        if (participants.size() == 2) {
            final String peer = participants.stream().filter(u -> !u.equals(who.userId())).findFirst().orElseThrow();
            candidates = CompletableFuture.completedFuture(List.of(Ids.directConversation(who.userId(), peer)));
        } else {
            candidates = stores.conversations().withParticipants(Participants.hash(participants));
        }
        return candidates.thenCompose(ids -> firstJoined(who.userId(), ids, 0)).thenApply(found -> found.orElseThrow(
                () -> new RequestException(ErrorCode.NOT_FOUND, "no conversation among exactly these participants")));
    }

    private @NotNull CompletableFuture<Optional<ConversationSummary>> firstJoined(final @NotNull String userId,
                                                                                  final @NotNull List<String> ids,
                                                                                  final int index) {
        if (index >= ids.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        final String id = ids.get(index);
        return stores.members().find(id, userId).thenCompose(member -> {
            if (member.isEmpty() || !member.get().active()) {
                return firstJoined(userId, ids, index + 1);
            }
            return stores.conversations().find(id).thenCompose(record -> record.isEmpty()
                    ? firstJoined(userId, ids, index + 1)
                    : CompletableFuture.completedFuture(Optional.of(summary(userId, member.get(), record.get()))));
        });
    }

    public @NotNull CompletableFuture<ConversationSettings> updateSettings(final @NotNull Identity who,
                                                                           final @NotNull UpdateConversationSettings request) {
        if (request.getConversationId().isEmpty()) {
            throw invalid("conversation_id is required");
        }
        if (!request.hasMuted() && !request.hasLabel()) {
            throw invalid("set muted, label or both");
        }
        if (request.hasLabel() && request.getLabel().codePointCount(0, request.getLabel().length()) > MAX_LABEL_CHARS) {
            throw invalid("label must be at most " + MAX_LABEL_CHARS + " characters");
        }
        final String conversation = request.getConversationId();
        // one change at a time per user and conversation, so that the stream carries the changes in
        // the order of their revisions and its newest settings event is the stored state
        return directory.checkVisible(who.userId(), conversation).thenCompose(ignored -> settingsChanges.run(
                who.userId() + "|" + conversation, () -> stores.members().updateSettings(conversation, who.userId(),
                                request.hasMuted() ? request.getMuted() : null, request.hasLabel() ? request.getLabel() : null)
                        .thenCompose(updated -> {
                            final Membership m = updated.orElseThrow(() -> Directory.notVisible(conversation));
                            final ConversationSettings settings = ConversationSettings.newBuilder()
                                    .setConversationId(conversation).setMuted(m.muted()).setLabel(m.label()).build();
                            // The user's other devices learn it through their stream.
                            return streams.append(SyncEntry.settings(who.userId(), conversation, m.settingsRev(),
                                            m.muted(), m.label()),
                                    entry -> SyncEvent.newBuilder().setVersion(entry.version()).setSettings(settings)
                                            .build())
                                    .thenApply(entered -> settings);
                        })));
    }

    static @NotNull ConversationSummary summary(final @NotNull String userId, final @NotNull Membership member,
                                                final @NotNull ConversationRecord record) {
        final ConversationSummary.Builder row = ConversationSummary.newBuilder()
                .setConversationId(record.conversationId())
                .setType(record.isGroup() ? ConversationType.GROUP : ConversationType.DIRECT)
                .setName(record.isGroup() ? record.name() : peerOf(userId, record.conversationId()))
                .setLatestSeq(record.lastSeq())
                .setLastActivityMs(Math.max(record.updatedAtMs(), member.activityAtMs()))
                .setMuted(member.muted())
                .setLabel(member.label())
                .setMemberCount(record.memberCount())
                .setJoinedSeq(member.joinedSeq())
                .setRole(Protos.role(member.role()));
        final StoredMessage last = record.lastMessage();
        // Someone who joined later does not see what came before, not even as a preview.
        if (last != null && last.seq() >= member.joinedSeq() && last.seq() <= member.visibleThrough()) {
            row.setLastMessage(Protos.message(last));
        }
        return row.build();
    }

    private static @NotNull String peerOf(final @NotNull String userId, final @NotNull String conversationId) {
        final String[] pair = Ids.directParticipants(conversationId);
        if (pair == null) {
            return "";
        }
        return pair[0].equals(userId) ? pair[1] : pair[0];
    }

    private static @NotNull RequestException invalid(final @NotNull String message) {
        return new RequestException(ErrorCode.INVALID_ARGUMENT, message);
    }

    /** Position in a conversation list: after (activity time, conversation id). */
    private static final class Cursor {
        private final long activityMs;
        private final @NotNull String conversationId;

        private Cursor(final long activityMs, final @NotNull String conversationId) {
            this.activityMs = activityMs;
            this.conversationId = conversationId;
        }

        static @Nullable Cursor parse(final @NotNull String text) {
            if (text.isEmpty()) {
                return null;
            }
            final int dot = text.indexOf('.');
            try {
                if (dot > 0) {
                    return new Cursor(Long.parseLong(text.substring(0, dot)), text.substring(dot + 1));
                }
            } catch (final NumberFormatException ignored) {
                // reported below
            }
            throw invalid("cursor is not one this server handed out");
        }

        @NotNull String format() {
            return activityMs + "." + conversationId;
        }
    }
}
