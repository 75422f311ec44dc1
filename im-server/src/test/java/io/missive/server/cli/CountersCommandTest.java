package io.missive.server.cli;

import io.missive.protocol.Ids;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import io.missive.storage.conversation.Membership;
import io.missive.storage.counters.UnreadCounters;
import io.missive.storage.message.NewMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code counters rebuild} puts counters Redis got wrong back to MongoDB's truth. */
@Tag("redis")
@EndToEnd
class CountersCommandTest {

    // a server of its own (not TestServer.shared()): the test empties its Redis
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args) {
        final Map<String, String> environment = Map.of(
                "MISSIVE_MONGO_URI", SERVER.server().mongoUri(),
                "MISSIVE_REDIS_URI", SERVER.redisUri());
        return new Cli(environment, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    @Test
    void rebuild_recomputes_one_user_or_everyone_from_mongodb() throws Exception {
        final String ann = SERVER.createUser("ann");
        final String bob = SERVER.createUser("bob");
        final String conversation = Ids.directConversation(ann, bob);
        SERVER.stores().conversations().ensureDirect(conversation, List.of(ann, bob).stream().sorted().toList()).join();
        SERVER.stores().members().ensureDirect(conversation, List.of(ann, bob).stream().sorted().toList()).join();
        for (int i = 0; i < 3; i++) {
            SERVER.stores().conversations().recordLast(SERVER.stores().messages()
                    .append(new NewMessage(conversation, ann, ann + "-phone", "m" + i, "hello")).join().message()).join();
        }
        // what the server does for a sender: their own messages are read
        SERVER.stores().members().markRead(conversation, ann, 3).join();
        assertThat(SERVER.stores().members().find(conversation, bob).join().map(Membership::readSeq)).hasValue(0L);

        try (UnreadCounters counters = UnreadCounters.connect(SERVER.redisUri())) {
            counters.reconcile(bob, Map.of(conversation, new long[]{3, 0})).join();
            assertThat(counters.read(bob).join().total()).isEqualTo(3);
            // bob read two of them while Redis was away: MongoDB has it, Redis does not
            SERVER.stores().members().markRead(conversation, bob, 2).join();

            assertThat(run("counters", "rebuild", "--user", bob)).as(err.toString()).isEqualTo(Cli.OK);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("rebuilt the counters of " + bob + ": 1 unread");
            assertThat(counters.read(bob).join().counts()).containsEntry(conversation, 1L);

            // Redis lost everything
            final org.redisson.config.Config config = new org.redisson.config.Config();
            config.useSingleServer().setAddress(SERVER.redisUri());
            final org.redisson.api.RedissonClient raw = org.redisson.Redisson.create(config);
            try {
                raw.getKeys().flushdb();
            } finally {
                raw.shutdown();
            }
            assertThat(counters.read(bob).join().complete()).isFalse();
            assertThat(run("counters", "rebuild")).as(err.toString()).isEqualTo(Cli.OK);
            assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("rebuilt the counters of \\d+ users");
            assertThat(counters.read(bob).join().complete()).isTrue();
            assertThat(counters.read(bob).join().total()).isEqualTo(1);
            assertThat(counters.read(ann).join().total()).isZero();
        }
        assertThat(run("counters", "frobnicate")).isEqualTo(Cli.USAGE);
    }
}
