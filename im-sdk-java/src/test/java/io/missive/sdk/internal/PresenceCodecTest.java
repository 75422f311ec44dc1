package io.missive.sdk.internal;

import io.missive.protocol.v1.Reply;
import io.missive.sdk.Presence;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceCodecTest {

    @Test
    void presence_subscriptions_carry_the_users_and_states_have_last_seen_only_when_offline_and_known() {
        assertThat(PresenceCodec.subscribePresence(List.of("bob", "carol")).getSubscribePresence().getUserIdsList())
                .containsExactly("bob", "carol");
        assertThat(PresenceCodec.unsubscribePresence(List.of("bob")).getUnsubscribePresence().getUserIdsList())
                .containsExactly("bob");

        final Reply reply = Reply.newBuilder().setPresence(io.missive.protocol.v1.PresenceList.newBuilder()
                .addPresence(io.missive.protocol.v1.Presence.newBuilder().setUserId("bob").setOnline(true))
                .addPresence(io.missive.protocol.v1.Presence.newBuilder().setUserId("carol").setLastSeenMs(5_000))
                .addPresence(io.missive.protocol.v1.Presence.newBuilder().setUserId("dave"))).build();

        assertThat(PresenceCodec.toPresenceList(reply)).containsExactly(
                Presence.of("bob", true, null),
                Presence.of("carol", false, Instant.ofEpochMilli(5_000)),
                Presence.of("dave", false, null));
    }
}
