package io.missive.broker.messaging;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.request.Identity;
import io.missive.broker.request.Protos;
import io.missive.broker.request.RequestException;
import io.missive.protocol.Ids;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.HistoryPage;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.storage.MongoStores;
import io.missive.storage.conversation.Membership;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;

/** Pages of one conversation's stored messages, for its members only. */
@Singleton
public final class HistoryHandler {

    private static final int DEFAULT_LIMIT = 50;

    private final @NotNull MongoStores stores;
    private final @NotNull Directory directory;
    private final int maxLimit;

    @Inject
    public HistoryHandler(final @NotNull MongoStores stores, final @NotNull Directory directory,
                          final @NotNull ExtensionConfig config) {
        this.stores = stores;
        this.directory = directory;
        this.maxLimit = config.historyMaxLimit();
    }

    public @NotNull CompletableFuture<HistoryPage> page(final @NotNull Identity reader,
                                                        final @NotNull HistoryRequest request) {
        final int limit = request.getLimit() == 0 ? Math.min(DEFAULT_LIMIT, maxLimit) : request.getLimit();
        if (limit < 1 || limit > maxLimit) {
            throw invalid("limit must be 1.." + maxLimit + " (0 = " + Math.min(DEFAULT_LIMIT, maxLimit) + ")");
        }
        if (request.getAnchorSeq() < 0) {
            throw invalid("anchor_seq must not be negative");
        }
        if (request.getDirection() == HistoryRequest.Direction.UNRECOGNIZED) {
            throw invalid("direction must be BEFORE or AFTER");
        }
        if (request.getConversationId().isEmpty()) {
            throw invalid("conversation_id is required");
        }
        final boolean before = request.getDirection() == HistoryRequest.Direction.BEFORE;
        if (Ids.isGroupConversation(request.getConversationId())) {
            return groupPage(reader, request.getConversationId(), before, request.getAnchorSeq(), limit);
        }
        return directory.memberConversation(reader.userId(), request.getConversationId())
                .thenCompose(c -> stores.messages().page(c.conversationId(), before, request.getAnchorSeq(), limit)
                        .thenCombine(stores.messages().latestSeq(c.conversationId()), (page, latest) -> {
                            final HistoryPage.Builder reply = HistoryPage.newBuilder()
                                    .setConversationId(c.conversationId())
                                    .setHasMore(page.hasMore())
                                    .setLatestSeq(latest);
                            page.messages().forEach(m -> reply.addMessages(Protos.message(m)));
                            return reply.build();
                        }));
    }

    /**
     * A member reads the group from the event that let them in; a former member up to the event
     * that let them out (so that a device offline meanwhile can still complete its copy).
     */
    private @NotNull CompletableFuture<HistoryPage> groupPage(final @NotNull Identity reader,
                                                              final @NotNull String group, final boolean before,
                                                              final long anchor, final int limit) {
        return stores.members().find(group, reader.userId()).thenCompose(found -> {
            final Membership member = found.filter(m -> m.active() || m.leftSeq() > 0).orElseThrow(() ->
                    Directory.notVisible(group));
            final long highest = member.visibleThrough();
            return stores.messages().page(group, before, anchor, limit, member.joinedSeq() - 1, highest)
                    .thenCombine(stores.messages().latestSeq(group), (page, latest) -> {
                        final HistoryPage.Builder reply = HistoryPage.newBuilder()
                                .setConversationId(group)
                                .setHasMore(page.hasMore())
                                .setLatestSeq(Math.min(latest, highest));
                        page.messages().forEach(m -> reply.addMessages(Protos.message(m)));
                        return reply.build();
                    });
        });
    }

    private static @NotNull RequestException invalid(final @NotNull String message) {
        return new RequestException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
