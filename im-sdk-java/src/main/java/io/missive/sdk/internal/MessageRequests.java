package io.missive.sdk.internal;

import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.SendReceipt;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;

/**
 * Sending a message and reading a conversation's history over the request channel, each once: the
 * {@link Outbox} decides when a send is repeated. A send carries its client message id, so that its
 * failure tells which message to retry. Thread-safe.
 */
final class MessageRequests {

    private final @NotNull RequestChannel requests;

    MessageRequests(final @NotNull RequestChannel requests) {
        this.requests = requests;
    }

    @NotNull CompletableFuture<SendReceipt> send(final @NotNull OutgoingMessage message) {
        return Futures.decode(requests.request(MessageCodec.sendRequest(message), message.clientMsgId()),
                reply -> MessageCodec.toReceipt(reply, message.clientMsgId()));
    }

    @NotNull CompletableFuture<HistoryPage> history(final @NotNull String conversationId,
                                                    final @NotNull HistoryQuery query) {
        return Futures.decode(requests.request(MessageCodec.historyRequest(conversationId, query), null),
                MessageCodec::toHistoryPage);
    }
}
