package io.missive.storage.counters;

import io.missive.storage.MongoStores;
import io.missive.storage.conversation.ConversationRecord;
import io.missive.storage.conversation.Membership;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** What a user's unread counters must be, read from MongoDB. */
public final class CounterTruth {

    private CounterTruth() {
    }

    /**
     * Each conversation the user is in, with its latest seq and the user's read seq. The latest seq
     * is read from the messages themselves, above the conversation's recorded latest (which is
     * written behind, up to a second late): a count rebuilt from a late record would stay short
     * until the conversation's next message.
     */
    public static @NotNull CompletableFuture<Map<String, long[]>> of(final @NotNull MongoStores stores,
                                                                    final @NotNull String userId) {
        return stores.members().ofUser(userId).thenCompose(memberships ->
                stores.conversations().byIds(memberships.stream().map(Membership::conversationId)
                        .collect(Collectors.toList())).thenCompose(records -> {
                    final Map<String, long[]> truth = new ConcurrentHashMap<>();
                    final List<CompletableFuture<Void>> reads = new ArrayList<>(memberships.size());
                    for (final Membership m : memberships) {
                        final ConversationRecord record = records.get(m.conversationId());
                        final long recorded = record == null ? 0 : record.lastSeq();
                        reads.add(stores.messages().latestSeq(m.conversationId(), recorded).thenAccept(latest ->
                                truth.put(m.conversationId(), new long[]{latest, m.readSeq()})));
                    }
                    return CompletableFuture.allOf(reads.toArray(new CompletableFuture[0]))
                            .thenApply(done -> (Map<String, long[]>) new HashMap<>(truth));
                }));
    }
}
