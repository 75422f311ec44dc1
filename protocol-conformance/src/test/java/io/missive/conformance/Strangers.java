package io.missive.conformance;

import io.missive.protocol.Ids;
import io.missive.protocol.v1.Reply;
import io.missive.server.TestServer;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two users the tests' own users have nothing to do with, made once per server: a direct
 * conversation between them and a group of theirs, each with a message. Requests on these are
 * what "someone else's conversation" means.
 */
record Strangers(@NotNull String carol, @NotNull String dave, @NotNull String direct, @NotNull String group) {

    private static final AtomicLong UNKNOWN = new AtomicLong();
    private static @Nullable Strangers made;

    /** The strangers of the suite's one server, made on first use. */
    static synchronized @NotNull Strangers of(final @NotNull TestServer server) {
        if (made == null) {
            made = make(server);
        }
        return made;
    }

    private static @NotNull Strangers make(final @NotNull TestServer server) {
        final String carol = server.createUser("carol");
        final String dave = server.createUser("dave");
        try (RawClient client = RawClient.connect(server.mqttUri(), carol, carol + "-phone", server.password(carol))) {
            final Reply direct = client.request(Uplinks.send("hello-1", dave, "hello dave")).reply();
            assertThat(direct.hasSendAck()).as("%s", direct).isTrue();
            final Reply group = client.request(Uplinks.createGroup("group-1", "carol and dave", dave)).reply();
            assertThat(group.hasGroup()).as("%s", group).isTrue();
            final String groupId = group.getGroup().getConversationId();
            assertThat(client.request(Uplinks.sendTo("hello-2", groupId, "hello group")).reply().hasSendAck()).isTrue();
            return new Strangers(carol, dave, direct.getSendAck().getConversationId(), groupId);
        }
    }

    /** A well-formed group id that names no group. */
    static @NotNull String unknownGroup() {
        return Ids.groupConversation("nobody", "unknown-" + UNKNOWN.incrementAndGet() + "-" + System.nanoTime());
    }

    /** A user id that names nobody. */
    static @NotNull String unknownUser() {
        return "nobody-" + UNKNOWN.incrementAndGet() + "-" + System.nanoTime();
    }
}
