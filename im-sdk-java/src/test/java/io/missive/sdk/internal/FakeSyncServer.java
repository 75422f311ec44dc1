package io.missive.sdk.internal;

import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncPage;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** A server whose answers the test gives by completing the recorded requests. */
final class FakeSyncServer implements SyncServer {

    /** One sync request and the future the test completes. */
    static final class SyncCall {
        final long after;
        final int limit;
        final CompletableFuture<SyncPage> answer = new CompletableFuture<>();

        SyncCall(final long after, final int limit) {
            this.after = after;
            this.limit = limit;
        }
    }

    /** One history request and the future the test completes. */
    static final class HistoryCall {
        final String conversationId;
        final HistoryQuery query;
        final CompletableFuture<HistoryPage> answer = new CompletableFuture<>();

        HistoryCall(final String conversationId, final HistoryQuery query) {
            this.conversationId = conversationId;
            this.query = query;
        }
    }

    /** One conversation-list request and the future the test completes. */
    static final class ConversationsCall {
        final String cursor;
        final int limit;
        final CompletableFuture<ConversationPage> answer = new CompletableFuture<>();

        ConversationsCall(final String cursor, final int limit) {
            this.cursor = cursor;
            this.limit = limit;
        }
    }

    final List<SyncCall> syncs = new CopyOnWriteArrayList<>();
    final List<HistoryCall> histories = new CopyOnWriteArrayList<>();
    final List<ConversationsCall> conversationCalls = new CopyOnWriteArrayList<>();
    final List<Long> acks = new CopyOnWriteArrayList<>();
    /** When true (the default), conversation-list requests are answered at once with an empty list. */
    volatile boolean emptyConversationList = true;

    @Override
    public @NotNull CompletableFuture<SyncPage> sync(final long afterVersion, final int limit) {
        final SyncCall call = new SyncCall(afterVersion, limit);
        syncs.add(call);
        return call.answer;
    }

    @Override
    public @NotNull CompletableFuture<HistoryPage> history(final @NotNull String conversationId,
                                                           final @NotNull HistoryQuery query) {
        final HistoryCall call = new HistoryCall(conversationId, query);
        histories.add(call);
        return call.answer;
    }

    @Override
    public @NotNull CompletableFuture<ConversationPage> conversations(final @NotNull String cursor, final int limit) {
        final ConversationsCall call = new ConversationsCall(cursor, limit);
        conversationCalls.add(call);
        if (emptyConversationList) {
            call.answer.complete(ConversationPage.of(List.of(), ""));
        }
        return call.answer;
    }

    @Override
    public void ack(final long version) {
        acks.add(version);
    }

    SyncCall lastSync() {
        return syncs.get(syncs.size() - 1);
    }

    HistoryCall lastHistory() {
        return histories.get(histories.size() - 1);
    }

    ConversationsCall lastConversations() {
        return conversationCalls.get(conversationCalls.size() - 1);
    }

    List<Long> syncAfters() {
        return syncs.stream().map(c -> c.after).collect(Collectors.toList());
    }

    /** An event carrying message #seq of dm:alice:bob. */
    static SyncEvent event(final long version, final long seq) {
        return event(version, "dm:alice:bob", seq);
    }

    static SyncEvent event(final long version, final String conversationId, final long seq) {
        return SyncEvent.newBuilder().setVersion(version)
                .setMessage(WireCodecTest.message(seq, "text " + seq).toBuilder()
                        .setConversationId(conversationId).setMessageId(conversationId + "#" + seq))
                .build();
    }

    /** A page with events for versions from..to, each carrying seq = version. */
    static SyncPage page(final long from, final long to, final boolean hasMore, final long latest) {
        final List<SyncEvent> events = new ArrayList<>();
        LongStream.rangeClosed(from, to).forEach(v -> events.add(event(v, v)));
        return SyncPage.newBuilder().addAllEvents(events).setHasMore(hasMore).setLatestVersion(latest).build();
    }

    static SyncPage emptyPage(final long latest) {
        return SyncPage.newBuilder().setHasMore(false).setLatestVersion(latest).build();
    }
}
