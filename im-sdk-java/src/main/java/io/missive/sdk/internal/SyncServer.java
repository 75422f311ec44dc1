package io.missive.sdk.internal;

import io.missive.protocol.v1.SyncPage;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.CompletableFuture;

/** The server requests that catching up needs. Futures fail with MissiveExceptions. */
interface SyncServer {

    /**
     * Reads the sync stream after a version.
     *
     * @return the page; fails with {@link StreamTooFarBehind} when the server no longer holds it
     */
    @NotNull CompletableFuture<SyncPage> sync(long afterVersion, int limit);

    @NotNull CompletableFuture<HistoryPage> history(@NotNull String conversationId, @NotNull HistoryQuery query);

    /** Reads a page of the user's conversation list ("" for the first page). */
    @NotNull CompletableFuture<ConversationPage> conversations(@NotNull String cursor, int limit);

    /** Acknowledges every version up to this one; fire-and-forget. */
    void ack(long version);
}
