package io.missive.broker.group;

import io.missive.storage.conversation.Membership;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A group's current members with the seq each joined at, as of the last applied change. */
public final class GroupSnapshot {

    private final @NotNull Map<String, Long> joinedSeqs;

    GroupSnapshot(final @NotNull List<Membership> members) {
        final Map<String, Long> joined = new HashMap<>(members.size() * 2);
        members.forEach(m -> joined.put(m.userId(), m.joinedSeq()));
        this.joinedSeqs = Map.copyOf(joined);
    }

    public boolean isMember(final @NotNull String userId) {
        return joinedSeqs.containsKey(userId);
    }

    public int size() {
        return joinedSeqs.size();
    }

    /** The members who see the message at seq (they joined before it) and pass the filter. */
    public @NotNull List<String> recipients(final long seq, final @NotNull Predicate<String> filter) {
        final List<String> recipients = new ArrayList<>();
        joinedSeqs.forEach((user, joined) -> {
            if (joined < seq && filter.test(user)) {
                recipients.add(user);
            }
        });
        return recipients;
    }
}
