package io.missive.storage.conversation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PreviewTest {

    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"; // 7 code points
    private static final String FLAG = "\uD83C\uDDE9\uD83C\uDDEA";                                           // 2 code points
    private static final String THUMB_TONE = "\uD83D\uDC4D\uD83C\uDFFD";                                   // 2 code points
    private static final String E_ACUTE_CIRCUMFLEX = "e\u0301\u0302";                                      // 3 code points

    private static int codePoints(final String text) {
        return text.codePointCount(0, text.length());
    }

    @Test
    void short_text_is_kept_as_it_is() {
        assertThat(Preview.cut("hello " + FAMILY, 13)).isEqualTo("hello " + FAMILY);
        assertThat(Preview.cut("hello " + FAMILY, 12)).isEqualTo("hello ");
        assertThat(Preview.cut("", 5)).isEmpty();
        assertThat(Preview.cutMarked("hello", 5)).isEqualTo("hello");
    }

    @Test
    void a_surrogate_pair_at_the_limit_is_never_split() {
        // 199 letters, then an emoji of one code point but two UTF-16 units: 200 code points, 201 units
        final String text = "a".repeat(199) + "\uD83D\uDE00" + "tail";
        final String cut = Preview.cut(text, 200);
        assertThat(cut).isEqualTo("a".repeat(199) + "\uD83D\uDE00");
        assertThat(cut).doesNotContain("\uFFFD");
    }

    @Test
    void a_cluster_straddling_the_limit_is_left_out_whole() {
        for (final String cluster : new String[]{FAMILY, FLAG, THUMB_TONE, E_ACUTE_CIRCUMFLEX}) {
            final String text = "a".repeat(199) + cluster + "b";
            assertThat(Preview.cut(text, 200)).as(cluster).isEqualTo("a".repeat(199));
        }
    }

    @Test
    void a_cluster_that_fits_exactly_is_kept_whole() {
        final String text = "a".repeat(193) + FAMILY + "b";
        assertThat(Preview.cut(text, 200)).isEqualTo("a".repeat(193) + FAMILY);
    }

    @Test
    void two_flags_are_two_clusters_and_never_half_a_flag() {
        final String text = FLAG.repeat(150);
        final String cut = Preview.cut(text, 201);
        assertThat(codePoints(cut)).isEqualTo(200);
        assertThat(cut).isEqualTo(FLAG.repeat(100));
    }

    @Test
    void a_single_cluster_longer_than_the_limit_is_cut_at_a_code_point() {
        final String text = "e" + "\u0301".repeat(300);
        final String cut = Preview.cut(text, 200);
        assertThat(codePoints(cut)).isEqualTo(200);
        assertThat(text).startsWith(cut);
    }

    @Test
    void the_marked_cut_counts_its_ellipsis_in_the_limit() {
        final String text = "a".repeat(198) + FAMILY + "b";
        final String cut = Preview.cutMarked(text, 200);
        assertThat(cut).isEqualTo("a".repeat(198) + "…");
        assertThat(codePoints(cut)).isLessThanOrEqualTo(200);
    }
}
