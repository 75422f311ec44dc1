package io.missive.sdk.internal;

import io.missive.protocol.v1.SyncPage;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;

/** {@link SyncServer} over the client's MQTT request channel. */
final class ChannelSyncServer implements SyncServer {

    private final @NotNull RequestChannel requests;

    ChannelSyncServer(final @NotNull RequestChannel requests) {
        this.requests = requests;
    }

    @Override
    public @NotNull CompletableFuture<SyncPage> sync(final long afterVersion, final int limit) {
        return Futures.decode(requests.request(SyncCodec.syncRequest(afterVersion, limit), null),
                SyncCodec::toSyncPage);
    }

    @Override
    public @NotNull CompletableFuture<HistoryPage> history(
            final @NotNull String conversationId, final @NotNull HistoryQuery query) {
        return Futures.decode(requests.request(MessageCodec.historyRequest(conversationId, query), null),
                MessageCodec::toHistoryPage);
    }

    @Override
    public @NotNull CompletableFuture<ConversationPage> conversations(final @NotNull String cursor, final int limit) {
        return Futures.decode(requests.request(ConversationCodec.listConversations(cursor, limit), null),
                ConversationCodec::toConversationPage);
    }

    @Override
    public void ack(final long version) {
        requests.notify(SyncCodec.syncAck(version));
    }
}
