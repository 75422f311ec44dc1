package io.missive.sdk;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadContactPresenceValuesTest {

    @Test
    void a_read_state_has_an_unread_count_only_when_known() {
        assertThat(ReadState.of("dm:alice:bob", "alice", 4, 0).unread()).hasValue(0);
        assertThat(ReadState.of("dm:alice:bob", "alice", 4, -1).unread()).isEmpty();
        assertThat(ReadState.of("dm:alice:bob", "bob", 4, -7)).isEqualTo(ReadState.of("dm:alice:bob", "bob", 4, -1));
        assertThat(ReadState.of("dm:alice:bob", "bob", 4, -1).toString()).doesNotContain("unread");
    }

    @Test
    void unread_counts_leave_out_zero_counts_and_unavailable_counts_differ_from_none() {
        final Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("g:x", 2L);
        counts.put("dm:alice:bob", 0L);
        final UnreadCounts unread = UnreadCounts.of(counts, 2);

        assertThat(unread.counts()).containsOnlyKeys("g:x");
        assertThat(unread.count("dm:alice:bob")).isZero();
        assertThat(unread.available()).isTrue();
        assertThatThrownBy(() -> unread.counts().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(UnreadCounts.unavailable().available()).isFalse();
        assertThat(UnreadCounts.unavailable()).isNotEqualTo(UnreadCounts.of(Map.of(), 0));
    }

    @Test
    void contact_and_presence_keep_their_fields() {
        final Contact contact = Contact.of("bob", ContactState.ACCEPTED, Instant.ofEpochMilli(5));
        assertThat(contact.userId()).isEqualTo("bob");
        assertThat(contact.state()).isEqualTo(ContactState.ACCEPTED);
        assertThat(contact.since()).contains(Instant.ofEpochMilli(5));
        assertThat(Contact.of("bob", ContactState.NONE, null).since()).isEmpty();

        final Presence away = Presence.of("bob", false, Instant.ofEpochMilli(9));
        assertThat(away.online()).isFalse();
        assertThat(away.lastSeen()).contains(Instant.ofEpochMilli(9));
        assertThat(Presence.of("bob", true, null).lastSeen()).isEmpty();
        assertThat(away).isEqualTo(Presence.of("bob", false, Instant.ofEpochMilli(9))).hasSameHashCodeAs(
                Presence.of("bob", false, Instant.ofEpochMilli(9)));
    }
}
