package io.missive.sdk.internal;

import io.missive.protocol.Ids;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The fallback when the server no longer holds the sync stream after the device's cursor: for each
 * conversation the cursor knows, read history after the highest seq seen, page by page, and deliver
 * what is new. Conversations the device never saw are not rebuilt, and neither are groups: their
 * messages are not entries of the stream, and {@link GroupSync} catches them up after the stream
 * (from the conversation list) whatever happened to the stream. One conversation at a time; the
 * cursor is saved after each page, so a rebuild cut short by a lost connection resumes where it
 * stopped. Runs on the delivery thread: the answers of the server are posted back to it.
 */
final class HistoryRebuild {

    private static final @NotNull Logger LOG = Logger.getLogger(HistoryRebuild.class.getName());

    private final @NotNull SyncServer server;
    private final @NotNull DeviceCursor cursor;
    private final @NotNull Consumer<ChatMessage> deliver;
    private final @NotNull Executor thread;
    private final @NotNull BooleanSupplier current;
    private final @NotNull Deque<String> remaining;
    private final @NotNull CompletableFuture<Void> done = new CompletableFuture<>();

    private HistoryRebuild(final @NotNull SyncServer server, final @NotNull DeviceCursor cursor,
                           final @NotNull Consumer<ChatMessage> deliver, final @NotNull Executor thread,
                           final @NotNull BooleanSupplier current) {
        this.server = server;
        this.cursor = cursor;
        this.deliver = deliver;
        this.thread = thread;
        this.current = current;
        this.remaining = new ArrayDeque<>();
        for (final String conversationId : cursor.conversations()) {
            if (!cursor.isKnownGroup(conversationId) && !Ids.isGroupConversation(conversationId)) {
                remaining.add(conversationId);
            }
        }
    }

    /**
     * Starts the rebuild; call on the delivery thread.
     *
     * @param current false once the connection the rebuild belongs to has ended; the rebuild then stops
     * @return completed when every known conversation is up to date; failed when the connection
     *         ended or the server failed in a way worth retrying later
     */
    static @NotNull CompletableFuture<Void> run(final @NotNull SyncServer server, final @NotNull DeviceCursor cursor,
                                                final @NotNull Consumer<ChatMessage> deliver,
                                                final @NotNull Executor thread, final @NotNull BooleanSupplier current) {
        final HistoryRebuild rebuild = new HistoryRebuild(server, cursor, deliver, thread, current);
        rebuild.next();
        return rebuild.done;
    }

    private void next() {
        final String conversationId = remaining.poll();
        if (conversationId == null) {
            done.complete(null);
            return;
        }
        page(conversationId, cursor.highestSeq(conversationId));
    }

    private void page(final @NotNull String conversationId, final long afterSeq) {
        server.history(conversationId, HistoryQuery.after(afterSeq, HistoryQuery.MAX_LIMIT))
                .whenComplete((page, failure) -> post(() -> {
                    if (!current.getAsBoolean()) {
                        done.completeExceptionally(new MissiveException(ErrorCode.NOT_CONNECTED,
                                "the connection ended during the history rebuild"));
                    } else if (failure != null) {
                        failed(conversationId, Futures.unwrap(failure));
                    } else {
                        received(conversationId, page);
                    }
                }));
    }

    private void received(final @NotNull String conversationId, final @NotNull HistoryPage page) {
        final long seen = cursor.highestSeq(conversationId);
        for (final ChatMessage message : page.messages()) {
            if (message.seq() > seen) {
                deliver.accept(message);
                cursor.seen(message);
            }
        }
        cursor.save();
        final List<ChatMessage> messages = page.messages();
        if (page.hasMore() && !messages.isEmpty()) {
            page(conversationId, messages.get(messages.size() - 1).seq());
        } else {
            next();
        }
    }

    private void failed(final @NotNull String conversationId, final @NotNull Throwable failure) {
        if (failure instanceof MissiveException && !((MissiveException) failure).isRetryable()) {
            // e.g. NOT_A_MEMBER after the user left a group: nothing to rebuild there
            LOG.info(() -> "history rebuild skips " + conversationId + ": " + failure.getMessage());
            next();
            return;
        }
        done.completeExceptionally(failure);
    }

    private void post(final @NotNull Runnable task) {
        try {
            thread.execute(task);
        } catch (final RejectedExecutionException e) {
            done.completeExceptionally(new MissiveException(ErrorCode.NOT_CONNECTED, "client is closed"));
        }
    }
}
