package io.missive.sdk.internal;

import io.missive.protocol.v1.PresenceSubscription;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Presence;
import org.jetbrains.annotations.NotNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The wire form of following the presence of users, and of the presence states in its replies and
 * live events. Stateless.
 */
final class PresenceCodec {

    private PresenceCodec() {
    }

    static @NotNull Uplink subscribePresence(final @NotNull Collection<String> userIds) {
        return Uplink.newBuilder()
                .setSubscribePresence(PresenceSubscription.newBuilder().addAllUserIds(userIds))
                .build();
    }

    static @NotNull Uplink unsubscribePresence(final @NotNull Collection<String> userIds) {
        return Uplink.newBuilder()
                .setUnsubscribePresence(PresenceSubscription.newBuilder().addAllUserIds(userIds))
                .build();
    }

    /** @throws MissiveException when the reply is an error or not a presence list */
    static @NotNull List<Presence> toPresenceList(final @NotNull Reply reply) {
        if (reply.getBodyCase() != Reply.BodyCase.PRESENCE) {
            throw WireCodec.unexpected(reply, null);
        }
        final List<Presence> presence = new ArrayList<>(reply.getPresence().getPresenceCount());
        for (final io.missive.protocol.v1.Presence state : reply.getPresence().getPresenceList()) {
            presence.add(toPresence(state));
        }
        return Collections.unmodifiableList(presence);
    }

    static @NotNull Presence toPresence(final @NotNull io.missive.protocol.v1.Presence presence) {
        return Presence.of(presence.getUserId(), presence.getOnline(),
                !presence.getOnline() && presence.getLastSeenMs() > 0
                        ? Instant.ofEpochMilli(presence.getLastSeenMs())
                        : null);
    }
}
