package io.missive.sample.app;

import android.app.Activity;
import android.content.Context;
import android.content.Intent;
import android.graphics.Color;
import android.os.Bundle;
import android.view.Gravity;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ListView;
import android.widget.TextView;
import io.missive.sample.chat.ChatLine;
import io.missive.sample.chat.ChatRoom;
import io.missive.sample.session.Session;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.List;

/**
 * One conversation: its messages (older ones on demand), a field to write, and the read position
 * moved to the newest message while the screen is in front.
 */
public final class ChatActivity extends Activity {

    static final String CONVERSATION_ID = "io.missive.sample.CONVERSATION_ID";
    static final String PEER_USER_ID = "io.missive.sample.PEER_USER_ID";
    static final String TITLE = "io.missive.sample.TITLE";
    /** View ids, for tests. */
    static final int MESSAGES = 1;
    static final int MESSAGE = 2;
    static final int SEND = 3;

    private final @NotNull Lines lines = new Lines();
    private final @NotNull ChatRoom.Listener roomChanged = this::show;
    private @Nullable ChatRoom room;
    private boolean inFront;
    private ListView list;
    private Button older;
    private EditText text;

    static @NotNull Intent forConversation(final @NotNull Context context, final @NotNull String conversationId,
                                           final @NotNull String title) {
        return new Intent(context, ChatActivity.class).putExtra(CONVERSATION_ID, conversationId).putExtra(TITLE, title);
    }

    static @NotNull Intent withUser(final @NotNull Context context, final @NotNull String userId) {
        return new Intent(context, ChatActivity.class).putExtra(PEER_USER_ID, userId).putExtra(TITLE, userId);
    }

    @Override
    protected void onCreate(final @Nullable Bundle state) {
        super.onCreate(state);
        final Session session = SampleApp.of(this).session();
        if (session == null) {
            SampleApp.toLogin(this);
            return;
        }
        final String peer = getIntent().getStringExtra(PEER_USER_ID);
        final String conversationId = getIntent().getStringExtra(CONVERSATION_ID);
        room = peer != null ? session.openDirect(peer) : session.openConversation(conversationId);
        setTitle(getIntent().getStringExtra(TITLE));

        final LinearLayout column = Views.column(this);
        older = new Button(this);
        older.setText("Older messages");
        older.setOnClickListener(v -> room.loadOlder());
        column.addView(older);
        list = new ListView(this);
        list.setId(MESSAGES);
        list.setAdapter(lines);
        list.setTranscriptMode(ListView.TRANSCRIPT_MODE_NORMAL);
        column.addView(list, Views.fill());

        final LinearLayout compose = Views.row(this);
        text = Views.field(this, "Message", false);
        text.setId(MESSAGE);
        final Button send = new Button(this);
        send.setId(SEND);
        send.setText("Send");
        send.setOnClickListener(v -> send());
        compose.addView(text, Views.weight(1));
        compose.addView(send);
        column.addView(compose);
        setContentView(column);
        room.addListener(roomChanged);
    }

    private void send() {
        final String written = text.getText().toString();
        if (room == null || written.trim().isEmpty()) {
            return;
        }
        text.setText("");
        room.send(written); // shown at once; the line tells how it went
    }

    private void show(final @NotNull List<ChatLine> now) {
        lines.show(now);
        older.setVisibility(room != null && room.loaded() && !room.hasOlder() ? View.GONE : View.VISIBLE);
        if (inFront && room != null) {
            room.markRead();
        }
    }

    @Override
    protected void onResume() {
        super.onResume();
        inFront = true;
        if (room != null) {
            room.markRead();
        }
    }

    @Override
    protected void onPause() {
        inFront = false;
        super.onPause();
    }

    @Override
    protected void onDestroy() {
        if (room != null) {
            room.removeListener(roomChanged);
            room.close();
        }
        super.onDestroy();
    }

    /** The messages, the user's own on the right. */
    private static final class Lines extends ShownRows<ChatLine> {

        @Override
        @NotNull Object key(final @NotNull ChatLine line) {
            return line.key();
        }

        @Override
        public View getView(final int position, final @Nullable View reuse, final @NotNull ViewGroup parent) {
            final TextView view = reuse instanceof TextView ? (TextView) reuse : Views.text(parent.getContext(), "", 16);
            final ChatLine line = get(position);
            view.setText(label(line));
            view.setGravity(line.mine() ? Gravity.END : Gravity.START);
            view.setTextColor(line.state() == ChatLine.State.FAILED ? Color.RED
                    : line.state() == ChatLine.State.SENDING ? Color.GRAY : Color.BLACK);
            return view;
        }
    }

    static @NotNull String label(final @NotNull ChatLine line) {
        final String text = line.mine() ? line.text() : line.senderUserId() + ": " + line.text();
        switch (line.state()) {
            case SENDING:
                return text + "  (sending…)";
            case FAILED:
                return text + "  (not sent)";
            default:
                return text;
        }
    }
}
