package io.missive.sdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryQueryTest {

    @Test
    void latest_reads_backwards_from_the_newest() {
        final HistoryQuery query = HistoryQuery.latest(30);

        assertThat(query.direction()).isEqualTo(HistoryQuery.Direction.BEFORE);
        assertThat(query.anchorSeq()).isZero();
        assertThat(query.limit()).isEqualTo(30);
    }

    @Test
    void before_and_after_keep_their_anchor() {
        assertThat(HistoryQuery.before(120, 20)).satisfies(q -> {
            assertThat(q.direction()).isEqualTo(HistoryQuery.Direction.BEFORE);
            assertThat(q.anchorSeq()).isEqualTo(120);
        });
        assertThat(HistoryQuery.after(0, 100)).satisfies(q -> {
            assertThat(q.direction()).isEqualTo(HistoryQuery.Direction.AFTER);
            assertThat(q.anchorSeq()).isZero();
        });
    }

    @Test
    void limit_must_be_between_one_and_one_hundred() {
        assertThatThrownBy(() -> HistoryQuery.latest(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistoryQuery.after(5, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThat(HistoryQuery.latest(HistoryQuery.MAX_LIMIT).limit()).isEqualTo(100);
    }

    @Test
    void anchors_must_be_in_range() {
        assertThatThrownBy(() -> HistoryQuery.before(0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latest()");
        assertThatThrownBy(() -> HistoryQuery.after(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equal_queries_are_equal() {
        assertThat(HistoryQuery.before(5, 10)).isEqualTo(HistoryQuery.before(5, 10))
                .isNotEqualTo(HistoryQuery.after(5, 10));
    }
}
