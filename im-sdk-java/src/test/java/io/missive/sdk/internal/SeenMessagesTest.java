package io.missive.sdk.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeenMessagesTest {

    @Test
    void a_message_is_new_once() {
        final SeenMessages seen = new SeenMessages(10);

        assertThat(seen.firstSighting("dm:a:b", 1)).isTrue();
        assertThat(seen.firstSighting("dm:a:b", 1)).isFalse();
    }

    @Test
    void same_seq_in_another_conversation_is_another_message() {
        final SeenMessages seen = new SeenMessages(10);

        seen.firstSighting("dm:a:b", 1);

        assertThat(seen.firstSighting("dm:a:c", 1)).isTrue();
        assertThat(seen.firstSighting("dm:a:b", 2)).isTrue();
    }

    @Test
    void memory_is_bounded_and_forgets_the_oldest_first() {
        final SeenMessages seen = new SeenMessages(3);
        for (long seq = 1; seq <= 4; seq++) {
            seen.firstSighting("c", seq);
        }

        assertThat(seen.size()).isEqualTo(3);
        assertThat(seen.firstSighting("c", 4)).isFalse();
        assertThat(seen.firstSighting("c", 1)).isTrue();
    }
}
