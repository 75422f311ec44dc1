package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the user's conversation list ({@link MissiveClient#listConversations}): a direct
 * conversation or a group the user is in, with its latest message and the user's own settings.
 */
public final class ConversationSummary {

    private final @NotNull String conversationId;
    private final @NotNull ConversationType type;
    private final @NotNull String name;
    private final long latestSeq;
    private final @NotNull Instant lastActivity;
    private final @Nullable ChatMessage lastMessage;
    private final boolean muted;
    private final @NotNull String label;
    private final int memberCount;
    private final long joinedSeq;
    private final @NotNull Role role;

    private ConversationSummary(final @NotNull Builder b) {
        this.conversationId = Objects.requireNonNull(b.conversationId, "conversationId");
        this.type = Objects.requireNonNull(b.type, "type");
        this.name = Objects.requireNonNull(b.name, "name");
        this.latestSeq = b.latestSeq;
        this.lastActivity = Objects.requireNonNull(b.lastActivity, "lastActivity");
        this.lastMessage = b.lastMessage;
        this.muted = b.muted;
        this.label = Objects.requireNonNull(b.label, "label");
        this.memberCount = b.memberCount;
        this.joinedSeq = b.joinedSeq;
        this.role = Objects.requireNonNull(b.role, "role");
    }

    public static @NotNull Builder builder() {
        return new Builder();
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    public @NotNull ConversationType type() {
        return type;
    }

    /** @return the group's name; for a direct conversation, the other user's id */
    public @NotNull String name() {
        return name;
    }

    /** @return the conversation's highest seq (messages and group events) */
    public long latestSeq() {
        return latestSeq;
    }

    /** @return when the last message or group event was stored */
    public @NotNull Instant lastActivity() {
        return lastActivity;
    }

    /**
     * @return the latest message or group event the user may see (its text cut to 200 characters);
     *         empty when there is none yet
     */
    public @NotNull Optional<ChatMessage> lastMessage() {
        return Optional.ofNullable(lastMessage);
    }

    /** @return the user's own setting, see {@link ConversationSettings#muted()} */
    public boolean muted() {
        return muted;
    }

    /** @return the user's own label, "" for none */
    public @NotNull String label() {
        return label;
    }

    /** @return the number of members (2 for a direct conversation, as the server counts them) */
    public int memberCount() {
        return memberCount;
    }

    /** @return the seq of the group event that made the user a member; 0 for a direct conversation */
    public long joinedSeq() {
        return joinedSeq;
    }

    /** @return the user's role in a group; {@link Role#MEMBER} for a direct conversation */
    public @NotNull Role role() {
        return role;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConversationSummary)) {
            return false;
        }
        final ConversationSummary that = (ConversationSummary) o;
        return latestSeq == that.latestSeq && muted == that.muted && memberCount == that.memberCount
                && joinedSeq == that.joinedSeq && conversationId.equals(that.conversationId) && type == that.type
                && name.equals(that.name) && lastActivity.equals(that.lastActivity)
                && Objects.equals(lastMessage, that.lastMessage) && label.equals(that.label) && role == that.role;
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversationId, type, name, latestSeq, lastActivity);
    }

    @Override
    public @NotNull String toString() {
        return "ConversationSummary{conversationId=" + conversationId + ", type=" + type + ", name=" + name
                + ", latestSeq=" + latestSeq + ", lastActivity=" + lastActivity + ", muted=" + muted
                + ", members=" + memberCount + ", joinedSeq=" + joinedSeq + ", role=" + role + '}';
    }

    /** Builds summaries, e.g. for tests of code that consumes them. */
    public static final class Builder {

        private @Nullable String conversationId;
        private @NotNull ConversationType type = ConversationType.DIRECT;
        private @NotNull String name = "";
        private long latestSeq;
        private @NotNull Instant lastActivity = Instant.EPOCH;
        private @Nullable ChatMessage lastMessage;
        private boolean muted;
        private @NotNull String label = "";
        private int memberCount;
        private long joinedSeq;
        private @NotNull Role role = Role.MEMBER;

        private Builder() {
        }

        public @NotNull Builder conversationId(final @NotNull String conversationId) {
            this.conversationId = conversationId;
            return this;
        }

        public @NotNull Builder type(final @NotNull ConversationType type) {
            this.type = type;
            return this;
        }

        public @NotNull Builder name(final @NotNull String name) {
            this.name = name;
            return this;
        }

        public @NotNull Builder latestSeq(final long latestSeq) {
            this.latestSeq = latestSeq;
            return this;
        }

        public @NotNull Builder lastActivity(final @NotNull Instant lastActivity) {
            this.lastActivity = lastActivity;
            return this;
        }

        public @NotNull Builder lastMessage(final @Nullable ChatMessage lastMessage) {
            this.lastMessage = lastMessage;
            return this;
        }

        public @NotNull Builder muted(final boolean muted) {
            this.muted = muted;
            return this;
        }

        public @NotNull Builder label(final @NotNull String label) {
            this.label = label;
            return this;
        }

        public @NotNull Builder memberCount(final int memberCount) {
            this.memberCount = memberCount;
            return this;
        }

        public @NotNull Builder joinedSeq(final long joinedSeq) {
            this.joinedSeq = joinedSeq;
            return this;
        }

        public @NotNull Builder role(final @NotNull Role role) {
            this.role = role;
            return this;
        }

        public @NotNull ConversationSummary build() {
            return new ConversationSummary(this);
        }
    }
}
