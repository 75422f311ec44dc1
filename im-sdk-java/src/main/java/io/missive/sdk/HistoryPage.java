package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** One page of a conversation's stored messages. */
public final class HistoryPage {

    private final @NotNull String conversationId;
    private final @NotNull List<ChatMessage> messages;
    private final boolean hasMore;
    private final long latestSeq;

    private HistoryPage(
            final @NotNull String conversationId,
            final @NotNull List<ChatMessage> messages,
            final boolean hasMore,
            final long latestSeq) {
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.messages = Collections.unmodifiableList(new ArrayList<>(messages));
        this.hasMore = hasMore;
        this.latestSeq = latestSeq;
    }

    public static @NotNull HistoryPage of(
            final @NotNull String conversationId,
            final @NotNull List<ChatMessage> messages,
            final boolean hasMore,
            final long latestSeq) {
        return new HistoryPage(conversationId, messages, hasMore, latestSeq);
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    /** @return the messages, ascending by seq; unmodifiable */
    public @NotNull List<ChatMessage> messages() {
        return messages;
    }

    /** @return true when more messages exist in the requested direction beyond this page */
    public boolean hasMore() {
        return hasMore;
    }

    /** @return the conversation's highest seq when the page was read (0 for an empty conversation) */
    public long latestSeq() {
        return latestSeq;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HistoryPage)) {
            return false;
        }
        final HistoryPage that = (HistoryPage) o;
        return hasMore == that.hasMore && latestSeq == that.latestSeq
                && conversationId.equals(that.conversationId) && messages.equals(that.messages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversationId, messages, hasMore, latestSeq);
    }

    @Override
    public @NotNull String toString() {
        return "HistoryPage{conversationId=" + conversationId + ", messages=" + messages.size()
                + ", hasMore=" + hasMore + ", latestSeq=" + latestSeq + '}';
    }
}
