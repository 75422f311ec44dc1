package io.missive.sdk;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyncCursorTest {

    @Test
    void a_cursor_without_groups_equals_one_with_empty_group_maps() {
        assertThat(SyncCursor.of(3, Map.of("dm:alice:bob", 2L)))
                .isEqualTo(SyncCursor.of(3, Map.of("dm:alice:bob", 2L), Map.of(), Map.of()));
        assertThat(SyncCursor.empty().groupSeqs()).isEmpty();
        assertThat(SyncCursor.empty().leftGroups()).isEmpty();
        assertThat(SyncCursor.empty().groupSeq("g:x")).isEmpty();
    }

    @Test
    void group_positions_are_validated() {
        assertThat(SyncCursor.of(0, Map.of(), Map.of("g:x", 0L), Map.of()).groupSeq("g:x")).hasValue(0);
        assertThatThrownBy(() -> SyncCursor.of(0, Map.of(), Map.of("g:x", -1L), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncCursor.of(0, Map.of(), Map.of(), Map.of("g:x", 0L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncCursor.of(0, Map.of(), Map.of("", 1L), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncCursor.of(0, Map.of(), Map.of("g:x", 3L), Map.of("g:x", 2L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g:x");
    }
}
