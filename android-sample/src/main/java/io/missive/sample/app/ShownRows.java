package io.missive.sample.app;

import android.widget.BaseAdapter;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A list view's rows: the latest list a model handed over, each row identified by a stable key.
 *
 * @param <T> one row
 */
abstract class ShownRows<T> extends BaseAdapter {

    private final @NotNull List<T> shown = new ArrayList<>();

    /** Replaces the rows shown (on the main thread). */
    final void show(final @NotNull List<T> rows) {
        shown.clear();
        shown.addAll(rows);
        notifyDataSetChanged();
    }

    final @NotNull T get(final int position) {
        return shown.get(position);
    }

    /** What identifies a row across updates. */
    abstract @NotNull Object key(@NotNull T row);

    @Override
    public final int getCount() {
        return shown.size();
    }

    @Override
    public final Object getItem(final int position) {
        return shown.get(position);
    }

    @Override
    public final long getItemId(final int position) {
        return key(shown.get(position)).hashCode();
    }

    @Override
    public final boolean hasStableIds() {
        return true;
    }
}
