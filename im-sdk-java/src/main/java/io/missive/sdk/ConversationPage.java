package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One page of the user's conversation list, most recent activity first. Ask for the next page with
 * {@link #nextCursor()} while {@link #hasMore()}:
 *
 * <pre>{@code
 * ConversationPage page = client.listConversations(null, 50).join();
 * while (page.hasMore()) {
 *     page = client.listConversations(page.nextCursor(), 50).join();
 * }
 * }</pre>
 */
public final class ConversationPage {

    /** The largest page the server returns. */
    public static final int MAX_LIMIT = 200;

    private final @NotNull List<ConversationSummary> conversations;
    private final @NotNull String nextCursor;

    private ConversationPage(final @NotNull List<ConversationSummary> conversations, final @NotNull String nextCursor) {
        this.conversations = Collections.unmodifiableList(new ArrayList<>(conversations));
        this.nextCursor = Objects.requireNonNull(nextCursor, "nextCursor");
    }

    /** @param nextCursor the cursor of the next page, "" when this is the last one */
    public static @NotNull ConversationPage of(final @NotNull List<ConversationSummary> conversations,
                                               final @NotNull String nextCursor) {
        return new ConversationPage(conversations, nextCursor);
    }

    /** @return the rows, most recent activity first; unmodifiable */
    public @NotNull List<ConversationSummary> conversations() {
        return conversations;
    }

    /** @return the cursor to pass to {@link MissiveClient#listConversations} for the next page; "" at the end */
    public @NotNull String nextCursor() {
        return nextCursor;
    }

    /** @return true when another page follows */
    public boolean hasMore() {
        return !nextCursor.isEmpty();
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConversationPage)) {
            return false;
        }
        final ConversationPage that = (ConversationPage) o;
        return conversations.equals(that.conversations) && nextCursor.equals(that.nextCursor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversations, nextCursor);
    }

    @Override
    public @NotNull String toString() {
        return "ConversationPage{conversations=" + conversations.size() + ", hasMore=" + hasMore() + '}';
    }
}
