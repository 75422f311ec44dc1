package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Objects;

/** One current member of a group, as listed by {@link MissiveClient#listMembers}. */
public final class Member {

    private final @NotNull String userId;
    private final @NotNull Role role;
    private final long joinedSeq;

    private Member(final @NotNull String userId, final @NotNull Role role, final long joinedSeq) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.role = Objects.requireNonNull(role, "role");
        this.joinedSeq = joinedSeq;
    }

    public static @NotNull Member of(final @NotNull String userId, final @NotNull Role role, final long joinedSeq) {
        return new Member(userId, role, joinedSeq);
    }

    public @NotNull String userId() {
        return userId;
    }

    public @NotNull Role role() {
        return role;
    }

    /** @return the seq of the group event that made them a member: they see the messages after it */
    public long joinedSeq() {
        return joinedSeq;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Member)) {
            return false;
        }
        final Member that = (Member) o;
        return joinedSeq == that.joinedSeq && userId.equals(that.userId) && role == that.role;
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, role, joinedSeq);
    }

    @Override
    public @NotNull String toString() {
        return "Member{" + userId + ' ' + role + ", joinedSeq=" + joinedSeq + '}';
    }
}
