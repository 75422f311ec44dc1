package io.missive.storage.counters;

import io.missive.storage.MongoStores;
import io.missive.storage.conversation.ConversationRecord;
import io.missive.storage.conversation.Membership;
import org.jetbrains.annotations.NotNull;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** What a user's unread counters must be, read from MongoDB. */
public final class CounterTruth {

    private CounterTruth() {
    }

    /** Each conversation the user is in, with its latest seq and the user's read seq. */
    public static @NotNull CompletableFuture<Map<String, long[]>> of(final @NotNull MongoStores stores,
                                                                    final @NotNull String userId) {
        return stores.members().ofUser(userId).thenCompose(memberships ->
                stores.conversations().byIds(memberships.stream().map(Membership::conversationId)
                        .collect(Collectors.toList())).thenApply(records -> {
                    final Map<String, long[]> truth = new HashMap<>();
                    for (final Membership m : memberships) {
                        final ConversationRecord record = records.get(m.conversationId());
                        truth.put(m.conversationId(), new long[]{record == null ? 0 : record.lastSeq(), m.readSeq()});
                    }
                    return truth;
                }));
    }
}
