package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/** A group as the server answers a group request ({@link MissiveClient#createGroup} and the changes). */
public final class GroupInfo {

    private final @NotNull String conversationId;
    private final @NotNull String name;
    private final @NotNull String ownerUserId;
    private final int memberCount;
    private final long changeSeq;
    private final @NotNull Instant createdAt;

    private GroupInfo(final @NotNull String conversationId, final @NotNull String name,
                      final @NotNull String ownerUserId, final int memberCount, final long changeSeq,
                      final @NotNull Instant createdAt) {
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.name = Objects.requireNonNull(name, "name");
        this.ownerUserId = Objects.requireNonNull(ownerUserId, "ownerUserId");
        this.memberCount = memberCount;
        this.changeSeq = changeSeq;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** @param changeSeq the seq of the group event the request stored, 0 when it stored none */
    public static @NotNull GroupInfo of(final @NotNull String conversationId, final @NotNull String name,
                                        final @NotNull String ownerUserId, final int memberCount,
                                        final long changeSeq, final @NotNull Instant createdAt) {
        return new GroupInfo(conversationId, name, ownerUserId, memberCount, changeSeq, createdAt);
    }

    /** @return the group's conversation id ("g:..."): send to it, read its history */
    public @NotNull String conversationId() {
        return conversationId;
    }

    public @NotNull String name() {
        return name;
    }

    public @NotNull String ownerUserId() {
        return ownerUserId;
    }

    /** @return how many members the group has after the request */
    public int memberCount() {
        return memberCount;
    }

    /**
     * @return the seq of the group event the request stored (the change arrives as a
     *         {@link ChatMessage} with this seq and a {@link ChatMessage#change()}); empty when the
     *         request stored none, e.g. a create answered with an existing group
     */
    public @NotNull OptionalLong changeSeq() {
        return changeSeq > 0 ? OptionalLong.of(changeSeq) : OptionalLong.empty();
    }

    /** @return when the group was created */
    public @NotNull Instant createdAt() {
        return createdAt;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GroupInfo)) {
            return false;
        }
        final GroupInfo that = (GroupInfo) o;
        return memberCount == that.memberCount && changeSeq == that.changeSeq
                && conversationId.equals(that.conversationId) && name.equals(that.name)
                && ownerUserId.equals(that.ownerUserId) && createdAt.equals(that.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversationId, name, ownerUserId, memberCount, changeSeq, createdAt);
    }

    @Override
    public @NotNull String toString() {
        return "GroupInfo{conversationId=" + conversationId + ", name=" + name + ", owner=" + ownerUserId
                + ", members=" + memberCount + ", changeSeq=" + changeSeq + ", createdAt=" + createdAt + '}';
    }
}
