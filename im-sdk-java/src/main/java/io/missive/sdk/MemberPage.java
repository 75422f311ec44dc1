package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a group's current members, ascending by user id. Ask for the next page with
 * {@link #nextAfterUserId()} while {@link #hasMore()}:
 *
 * <pre>{@code
 * MemberPage page = client.listMembers(groupId, null, 500).join();
 * while (page.hasMore()) {
 *     page = client.listMembers(groupId, page.nextAfterUserId().orElseThrow(), 500).join();
 * }
 * }</pre>
 */
public final class MemberPage {

    /** The largest page the server returns. */
    public static final int MAX_LIMIT = 1_000;

    private final @NotNull String conversationId;
    private final @NotNull List<Member> members;
    private final boolean hasMore;

    private MemberPage(final @NotNull String conversationId, final @NotNull List<Member> members,
                       final boolean hasMore) {
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.members = Collections.unmodifiableList(new ArrayList<>(members));
        this.hasMore = hasMore;
    }

    public static @NotNull MemberPage of(final @NotNull String conversationId, final @NotNull List<Member> members,
                                         final boolean hasMore) {
        return new MemberPage(conversationId, members, hasMore);
    }

    public @NotNull String conversationId() {
        return conversationId;
    }

    /** @return the members, ascending by user id; unmodifiable */
    public @NotNull List<Member> members() {
        return members;
    }

    /** @return true when more members follow the last one of this page */
    public boolean hasMore() {
        return hasMore;
    }

    /** @return the user id to pass as {@code afterUserId} for the next page; empty when the page is empty */
    public @NotNull Optional<String> nextAfterUserId() {
        return members.isEmpty() ? Optional.empty() : Optional.of(members.get(members.size() - 1).userId());
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MemberPage)) {
            return false;
        }
        final MemberPage that = (MemberPage) o;
        return hasMore == that.hasMore && conversationId.equals(that.conversationId) && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conversationId, members, hasMore);
    }

    @Override
    public @NotNull String toString() {
        return "MemberPage{conversationId=" + conversationId + ", members=" + members.size() + ", hasMore=" + hasMore
                + '}';
    }
}
