package io.missive.sample.app;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ListView;
import android.widget.TextView;
import io.missive.protocol.Ids;
import io.missive.sample.conversations.ConversationList;
import io.missive.sample.conversations.ConversationRow;
import io.missive.sample.push.PushToken;
import io.missive.sample.session.Session;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Locale;

/** The conversation list with unread badges; starts a chat with a user; registers a push token; signs out. */
public final class ConversationsActivity extends Activity {

    private final @NotNull Rows rows = new Rows();
    private final @NotNull ConversationList.Listener listChanged = (changed, total) -> {
        rows.show(changed);
        setTitle(total > 0 ? "Missive (" + total + ")" : "Missive");
    };
    private final @NotNull Session.StatusListener statusChanged = this::showStatus;
    private final @NotNull PushToken.Listener pushChanged = this::pushState;
    private @Nullable Session session;
    private TextView status;
    private TextView push;

    @Override
    protected void onCreate(final @Nullable Bundle state) {
        super.onCreate(state);
        session = SampleApp.of(this).session();
        if (session == null) {
            SampleApp.toLogin(this);
            return;
        }
        final LinearLayout column = Views.column(this);
        status = Views.text(this, "", 14);
        column.addView(status);

        final LinearLayout start = Views.row(this);
        final EditText peer = Views.field(this, "user id", false);
        final Button chat = new Button(this);
        chat.setText("Chat");
        chat.setOnClickListener(v -> {
            final String userId = peer.getText().toString().trim();
            if (Ids.isValidUserId(userId) && !userId.equals(session.userId())) {
                startActivity(ChatActivity.withUser(this, userId));
                peer.setText("");
            }
        });
        start.addView(peer, Views.weight(1));
        start.addView(chat);
        column.addView(start);

        final ListView list = new ListView(this);
        list.setAdapter(rows);
        list.setOnItemClickListener((parent, view, position, id) -> {
            final ConversationRow row = rows.get(position);
            startActivity(ChatActivity.forConversation(this, row.conversationId(), row.title()));
        });
        column.addView(list, Views.fill());

        final LinearLayout actions = Views.row(this);
        push = Views.text(this, "", 12);
        final Button token = new Button(this);
        token.setText("Push token…");
        token.setOnClickListener(v -> askForPushToken());
        final Button signOut = new Button(this);
        signOut.setText("Sign out");
        signOut.setOnClickListener(v -> session.signOut().whenCompleteAsync((done, failure) -> {
            SampleApp.of(this).setSession(null);
            SampleApp.toLogin(this);
        }, SampleApp.of(this).mainThread()));
        actions.addView(push, Views.weight(1));
        actions.addView(token);
        actions.addView(signOut);
        column.addView(actions);
        setContentView(column);
    }

    @Override
    protected void onStart() {
        super.onStart();
        if (session != null) {
            session.addStatusListener(statusChanged);
            session.conversations().addListener(listChanged);
            session.push().addListener(pushChanged);
        }
    }

    @Override
    protected void onStop() {
        if (session != null) {
            session.removeStatusListener(statusChanged);
            session.conversations().removeListener(listChanged);
            session.push().removeListener(pushChanged);
        }
        super.onStop();
    }

    private void showStatus(final @NotNull Session.Status now) {
        if (now == Session.Status.SIGNED_OUT) {
            SampleApp.of(this).setSession(null);
            SampleApp.toLogin(this);
            return;
        }
        status.setText(session.userId() + " · " + (now == Session.Status.ONLINE ? "online"
                : now == Session.Status.OFFLINE ? "offline, reconnecting" : "connecting"));
    }

    private void pushState(final @NotNull PushToken.State state) {
        push.setText("push: " + state.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Missive sends pushes through APNs only; an app with a push service of its own would call
     * {@link PushToken#tokenChanged(String)} from it. Here the token is typed, for trying the flow
     * against a server started with the development mock APNs.
     */
    private void askForPushToken() {
        final EditText field = Views.field(this, "token (hex)", false);
        new AlertDialog.Builder(this)
                .setTitle("Push token")
                .setView(field)
                .setPositiveButton("Register", (dialog, which) -> {
                    try {
                        session.push().tokenChanged(field.getText().toString().trim());
                    } catch (final IllegalArgumentException e) {
                        push.setText("push: " + e.getMessage());
                    }
                })
                .setNegativeButton("Cancel", null)
                .show();
    }

    /** The rows of the list: title, badge, preview. */
    private static final class Rows extends ShownRows<ConversationRow> {

        @Override
        @NotNull Object key(final @NotNull ConversationRow row) {
            return row.conversationId();
        }

        @Override
        public View getView(final int position, final @Nullable View reuse, final @NotNull ViewGroup parent) {
            final RowView view = reuse instanceof RowView ? (RowView) reuse : new RowView(parent);
            view.show(get(position));
            return view;
        }
    }

    /** One conversation: its title (muted ones say so) and badge over the latest message. */
    private static final class RowView extends LinearLayout {
        private final @NotNull TextView title;
        private final @NotNull TextView badge;
        private final @NotNull TextView preview;

        RowView(final @NotNull ViewGroup parent) {
            super(parent.getContext());
            setOrientation(VERTICAL);
            final int padding = Views.dp(getContext(), 8);
            setPadding(0, padding, 0, padding);
            final LinearLayout top = Views.row(getContext());
            title = Views.text(getContext(), "", 17);
            badge = Views.badge(getContext());
            top.addView(title, Views.weight(1));
            top.addView(badge);
            preview = Views.text(getContext(), "", 14);
            preview.setSingleLine(true);
            addView(top);
            addView(preview);
        }

        void show(final @NotNull ConversationRow row) {
            title.setText(row.title() + (row.muted() ? " (muted)" : ""));
            Views.showCount(badge, row.unread());
            preview.setText(row.preview());
        }
    }
}
