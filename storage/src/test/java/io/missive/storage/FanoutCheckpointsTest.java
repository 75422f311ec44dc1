package io.missive.storage;

import io.missive.storage.message.FanoutCheckpoints;
import io.missive.storage.message.MessageLog;
import io.missive.storage.message.NewMessage;
import io.missive.storage.message.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FanoutCheckpointsTest {

    @TempDir
    Path dir;
    private EmbeddedMongo mongo;
    private MessageLog log;
    private FanoutCheckpoints checkpoints;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo(dir);
        log = mongo.stores().messages();
        checkpoints = mongo.stores().fanoutCheckpoints();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void a_checkpoint_is_one_document_per_server_moved_forward_and_removed() {
        checkpoints.record("a", 1_000).join();
        checkpoints.record("b", 2_000).join();
        checkpoints.record("a", 5_000).join();

        assertThat(checkpoints.all().join()).extracting(FanoutCheckpoints.Checkpoint::node,
                FanoutCheckpoints.Checkpoint::beforeMs).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("a", 5_000L), org.assertj.core.groups.Tuple.tuple("b", 2_000L));
        assertThat(checkpoints.all().join()).allMatch(c -> c.updatedAtMs() > 0);

        checkpoints.remove(List.of("a")).join();
        assertThat(checkpoints.all().join()).extracting(FanoutCheckpoints.Checkpoint::node).containsExactly("b");
    }

    @Test
    void messages_stored_since_a_time_are_paged_in_creation_order() throws Exception {
        log.append(new NewMessage("dm:a:b", "a", "a1", "old", "before")).join();
        // ids carry whole seconds: the cut must fall in a later second than the old message
        final long cut = (System.currentTimeMillis() / 1000 + 1) * 1000;
        while (System.currentTimeMillis() < cut) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < 5; i++) {
            log.append(new NewMessage(i % 2 == 0 ? "dm:a:b" : "dm:a:c", "a", "a1", "new-" + i, "after " + i)).join();
        }

        final List<StoredMessage> first = log.storedSince(cut, null, 3).join();
        final List<StoredMessage> rest = log.storedSince(cut, first.get(2).messageId(), 3).join();

        assertThat(first).extracting(StoredMessage::clientMsgId).containsExactly("new-0", "new-1", "new-2");
        assertThat(rest).extracting(StoredMessage::clientMsgId).containsExactly("new-3", "new-4");
    }
}
