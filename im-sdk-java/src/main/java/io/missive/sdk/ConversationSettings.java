package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Objects;

/** The user's own settings of one conversation; the same on all of the user's devices. */
public final class ConversationSettings {

    private final @NotNull String conversationId;
    private final boolean muted;
    private final @NotNull String label;

    private ConversationSettings(final @NotNull String conversationId, final boolean muted,
                                 final @NotNull String label) {
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.muted = muted;
        this.label = Objects.requireNonNull(label, "label");
    }

    /** @param label the user's label, "" for none */
    public static @NotNull ConversationSettings of(final @NotNull String conversationId, final boolean muted,
                                                   final @NotNull String label) {
        return new ConversationSettings(conversationId, muted, label);
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    /** @return true when the user muted the conversation (what muting means is up to the app) */
    public boolean muted() {
        return muted;
    }

    /** @return the user's own label of the conversation; "" for none */
    public @NotNull String label() {
        return label;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConversationSettings)) {
            return false;
        }
        final ConversationSettings that = (ConversationSettings) o;
        return muted == that.muted && conversationId.equals(that.conversationId) && label.equals(that.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversationId, muted, label);
    }

    @Override
    public @NotNull String toString() {
        return "ConversationSettings{conversationId=" + conversationId + ", muted=" + muted + ", label=" + label + '}';
    }
}
