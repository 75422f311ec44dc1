package io.missive.sdk.internal;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.SyncCursor;
import io.missive.sdk.SyncStore;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceCursorTest {

    static {
        Logger.getLogger(DeviceCursor.class.getName()).setLevel(Level.OFF);
    }

    private static ChatMessage message(final String conversationId, final long seq) {
        return WireCodec.toChatMessage(WireCodecTest.message(seq, "x").toBuilder()
                .setConversationId(conversationId).build(), 0);
    }

    @Test
    void delivered_events_move_the_version_and_the_conversation_positions_forward_only() throws IOException {
        final SyncStore store = SyncStore.inMemory();
        final DeviceCursor cursor = new DeviceCursor(store);
        cursor.load();

        cursor.advance(3, message("dm:alice:bob", 9));
        cursor.advance(2, message("dm:alice:bob", 4));
        cursor.seen(message("g:team", 1));
        cursor.save();

        assertThat(cursor.version()).isEqualTo(3);
        assertThat(cursor.highestSeq("dm:alice:bob")).isEqualTo(9);
        assertThat(cursor.conversations()).containsExactly("dm:alice:bob", "g:team");
        final Map<String, Long> expected = new java.util.LinkedHashMap<>();
        expected.put("dm:alice:bob", 9L);
        expected.put("g:team", 1L);
        assertThat(store.load()).isEqualTo(SyncCursor.of(3, expected));
    }

    @Test
    void following_a_group_moves_its_position_with_deliveries_and_leaving_remembers_where() throws IOException {
        final SyncStore store = SyncStore.inMemory();
        final DeviceCursor cursor = new DeviceCursor(store);
        cursor.load();

        cursor.follow("g:team", 4);
        cursor.groupDelivered(message("g:team", 5));
        cursor.groupDelivered(message("g:team", 3));
        cursor.save();
        assertThat(cursor.isFollowing("g:team")).isTrue();
        assertThat(cursor.groupSeq("g:team")).isEqualTo(5);
        assertThat(store.load().groupSeqs()).containsExactly(Map.entry("g:team", 5L));
        assertThat(store.load().highestSeqs()).containsEntry("g:team", 5L);

        cursor.unfollow("g:team", 6);
        cursor.save();
        assertThat(cursor.isFollowing("g:team")).isFalse();
        assertThat(cursor.isKnownGroup("g:team")).isTrue();
        assertThat(cursor.leftAt("g:team")).isEqualTo(6);
        assertThat(store.load().groupSeqs()).isEmpty();
        assertThat(store.load().leftGroups()).containsExactly(Map.entry("g:team", 6L));

        cursor.follow("g:team", 9);
        assertThat(cursor.leftAt("g:team")).isZero();
        assertThat(cursor.groupSeq("g:team")).isEqualTo(9);
    }

    @Test
    void only_the_most_recently_left_groups_are_remembered() {
        final DeviceCursor cursor = new DeviceCursor(SyncStore.inMemory());
        cursor.load();

        for (int i = 0; i <= DeviceCursor.MAX_LEFT_GROUPS; i++) {
            cursor.unfollow("g:" + i, 1);
        }

        assertThat(cursor.isKnownGroup("g:0")).isFalse();
        assertThat(cursor.isKnownGroup("g:1")).isTrue();
        assertThat(cursor.isKnownGroup("g:" + DeviceCursor.MAX_LEFT_GROUPS)).isTrue();
    }

    @Test
    void an_unreadable_store_counts_as_empty() {
        final DeviceCursor cursor = new DeviceCursor(new FailingStore(true, false));

        cursor.load();

        assertThat(cursor.version()).isZero();
    }

    @Test
    void a_failed_save_is_repeated_with_the_next_save() throws IOException {
        final FailingStore store = new FailingStore(false, true);
        final DeviceCursor cursor = new DeviceCursor(store);
        cursor.load();
        cursor.advance(1, null);
        cursor.save();
        store.failSaves = false;

        cursor.save();

        assertThat(store.saved).containsExactly(SyncCursor.of(1, Map.of()));
        assertThat(store.load().version()).isEqualTo(1);
    }

    @Test
    void nothing_is_saved_when_nothing_changed() {
        final FailingStore store = new FailingStore(false, false);
        final DeviceCursor cursor = new DeviceCursor(store);
        cursor.load();

        cursor.save();
        cursor.advance(0, null);
        cursor.save();

        assertThat(store.saved).isEmpty();
    }

    private static final class FailingStore implements SyncStore {
        private final boolean failLoads;
        private boolean failSaves;
        private final List<SyncCursor> saved = new ArrayList<>();

        private FailingStore(final boolean failLoads, final boolean failSaves) {
            this.failLoads = failLoads;
            this.failSaves = failSaves;
        }

        @Override
        public @NotNull SyncCursor load() throws IOException {
            if (failLoads) {
                throw new IOException("disk gone");
            }
            return saved.isEmpty() ? SyncCursor.empty() : saved.get(saved.size() - 1);
        }

        @Override
        public void save(final @NotNull SyncCursor cursor) throws IOException {
            if (failSaves) {
                throw new IOException("disk full");
            }
            saved.add(cursor);
        }
    }
}
