package io.missive.sample.app;

import android.content.Context;
import android.graphics.Color;
import android.graphics.Typeface;
import android.graphics.drawable.GradientDrawable;
import android.text.InputType;
import android.view.Gravity;
import android.view.View;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.TextView;
import org.jetbrains.annotations.NotNull;

/** The few views the screens are made of, built in code (see the README: no XML layouts, no R). */
final class Views {

    static final int ACCENT = Color.rgb(0x1e, 0x6f, 0xd9);

    private Views() {
    }

    static int dp(final @NotNull Context context, final int dp) {
        return Math.round(dp * context.getResources().getDisplayMetrics().density);
    }

    static @NotNull LinearLayout column(final @NotNull Context context) {
        final LinearLayout column = new LinearLayout(context);
        column.setOrientation(LinearLayout.VERTICAL);
        final int padding = dp(context, 12);
        column.setPadding(padding, padding, padding, padding);
        return column;
    }

    static @NotNull LinearLayout row(final @NotNull Context context) {
        final LinearLayout row = new LinearLayout(context);
        row.setOrientation(LinearLayout.HORIZONTAL);
        row.setGravity(Gravity.CENTER_VERTICAL);
        return row;
    }

    static @NotNull TextView text(final @NotNull Context context, final @NotNull CharSequence text, final int sp) {
        final TextView view = new TextView(context);
        view.setText(text);
        view.setTextSize(sp);
        return view;
    }

    static @NotNull EditText field(final @NotNull Context context, final @NotNull String hint, final boolean secret) {
        final EditText field = new EditText(context);
        field.setHint(hint);
        field.setSingleLine(true);
        field.setInputType(secret
                ? InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_VARIATION_PASSWORD
                : InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS);
        return field;
    }

    /** A round count, hidden at zero. */
    static @NotNull TextView badge(final @NotNull Context context) {
        final TextView badge = new TextView(context);
        badge.setTextColor(Color.WHITE);
        badge.setTypeface(Typeface.DEFAULT_BOLD);
        badge.setGravity(Gravity.CENTER);
        badge.setMinWidth(dp(context, 24));
        final int padding = dp(context, 4);
        badge.setPadding(padding, 0, padding, 0);
        final GradientDrawable round = new GradientDrawable();
        round.setColor(ACCENT);
        round.setCornerRadius(dp(context, 12));
        badge.setBackground(round);
        return badge;
    }

    static void showCount(final @NotNull TextView badge, final long count) {
        badge.setText(count > 99 ? "99+" : Long.toString(count));
        badge.setVisibility(count > 0 ? View.VISIBLE : View.GONE);
    }

    static @NotNull LinearLayout.LayoutParams weight(final float weight) {
        return new LinearLayout.LayoutParams(0, LinearLayout.LayoutParams.WRAP_CONTENT, weight);
    }

    static @NotNull LinearLayout.LayoutParams fill() {
        return new LinearLayout.LayoutParams(LinearLayout.LayoutParams.MATCH_PARENT, 0, 1f);
    }
}
