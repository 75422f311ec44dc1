package io.missive.sample.conversations;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/** One line of the conversation list, as the screen shows it. */
public final class ConversationRow {

    private final @NotNull String conversationId;
    private final @NotNull String title;
    private final @NotNull String preview;
    private final @NotNull Instant lastActivity;
    private final long unread;
    private final boolean muted;
    private final boolean group;

    ConversationRow(final @NotNull String conversationId, final @NotNull String title, final @NotNull String preview,
                    final @NotNull Instant lastActivity, final long unread, final boolean muted, final boolean group) {
        this.conversationId = conversationId;
        this.title = title;
        this.preview = preview;
        this.lastActivity = lastActivity;
        this.unread = unread;
        this.muted = muted;
        this.group = group;
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    /** The group's name, or the other user's id. */
    public @NotNull String title() {
        return title;
    }

    /** The latest message, cut short; "" before the first. */
    public @NotNull String preview() {
        return preview;
    }

    public @NotNull Instant lastActivity() {
        return lastActivity;
    }

    /** The badge: messages after the user's read position. */
    public long unread() {
        return unread;
    }

    public boolean muted() {
        return muted;
    }

    public boolean group() {
        return group;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConversationRow)) {
            return false;
        }
        final ConversationRow that = (ConversationRow) o;
        return unread == that.unread && muted == that.muted && group == that.group
                && conversationId.equals(that.conversationId) && title.equals(that.title)
                && preview.equals(that.preview) && lastActivity.equals(that.lastActivity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversationId, title, preview, lastActivity, unread, muted, group);
    }

    @Override
    public @NotNull String toString() {
        return "ConversationRow{" + conversationId + " '" + title + "' unread=" + unread + (muted ? " muted" : "")
                + " '" + preview + "'}";
    }
}
