package io.missive.storage.conversation;

import org.jetbrains.annotations.NotNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts text for previews (the conversation list, push notifications) without breaking a character as
 * people see it: the cut falls between code points (never inside a surrogate pair) and between
 * extended grapheme clusters (an emoji with its ZWJ sequence and skin tone, a flag, a letter with its
 * combining marks stay whole).
 */
public final class Preview {

    /** One extended grapheme cluster (Unicode UAX #29). */
    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private Preview() {
    }

    /**
     * The longest prefix of {@code text} of at most {@code maxCodePoints} code points that ends at a
     * grapheme-cluster boundary; {@code text} itself when it is short enough. Only when the first
     * cluster alone is longer than the limit (crafted text: a letter with hundreds of combining marks)
     * is that cluster cut, at a code point.
     */
    public static @NotNull String cut(final @NotNull String text, final int maxCodePoints) {
        if (maxCodePoints < 0) {
            throw new IllegalArgumentException("maxCodePoints < 0: " + maxCodePoints);
        }
        if (text.length() <= maxCodePoints || text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        final Matcher clusters = GRAPHEME.matcher(text);
        int end = 0;
        int codePoints = 0;
        while (clusters.find()) {
            codePoints += text.codePointCount(clusters.start(), clusters.end());
            if (codePoints > maxCodePoints) {
                break;
            }
            end = clusters.end();
        }
        return end > 0 ? text.substring(0, end) : text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
    }

    /** {@link #cut} to {@code maxCodePoints}, ending with "…" (counted in the limit) when something was cut. */
    public static @NotNull String cutMarked(final @NotNull String text, final int maxCodePoints) {
        if (maxCodePoints < 1) {
            throw new IllegalArgumentException("maxCodePoints < 1: " + maxCodePoints);
        }
        return text.codePointCount(0, text.length()) <= maxCodePoints ? text : cut(text, maxCodePoints - 1) + "…";
    }
}
