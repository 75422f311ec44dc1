package io.missive.sample.app;

import io.missive.server.EndToEnd;
import android.os.Looper;
import android.widget.EditText;
import android.widget.ListAdapter;
import android.widget.ListView;
import io.missive.sample.chat.ChatLine;
import io.missive.sample.session.Session;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.MissiveClient;
import org.junit.After;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.robolectric.Shadows.shadowOf;

/** The chat screen on Android's framework (Robolectric), signed in to a real server. */
@RunWith(ServerRunner.class)
@Config(sdk = 34, application = SampleApp.class)
// a JUnit 4 (Robolectric) test: JUnit 4 knows no tags, so it is marked by category, which the
// build selects by the annotation's name like the tag of @EndToEnd
@Category(EndToEnd.class)
public class ChatActivityTest {

    private final List<MissiveClient> clients = new ArrayList<>();
    private ActivityController<ChatActivity> screen;

    @After
    public void close() {
        if (screen != null) {
            screen.pause().stop().destroy();
        }
        final SampleApp app = (SampleApp) RuntimeEnvironment.getApplication();
        if (app.session() != null) {
            app.session().close().join();
        }
        clients.forEach(c -> c.close().join());
    }

    private MissiveClient connect(final String userId) {
        final MissiveClient client = MissiveClient.builder().serverUri(OutsideServer.mqttUri()).userId(userId)
                .deviceId(userId + "-phone").password(OutsideServer.password(userId)).build();
        clients.add(client);
        client.connect().join();
        return client;
    }

    /** What the list shows, after running what waits on the main thread. */
    private static List<String> shown(final ListView list) {
        shadowOf(Looper.getMainLooper()).idle();
        final ListAdapter adapter = list.getAdapter();
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < adapter.getCount(); i++) {
            lines.add(ChatActivity.label((ChatLine) adapter.getItem(i)));
        }
        return lines;
    }

    @Test
    public void the_chat_screen_shows_the_conversation_sends_what_is_typed_and_marks_it_read() {
        final String alice = OutsideServer.createUser("alice");
        final String bob = OutsideServer.createUser("bob");
        final MissiveClient bobPhone = connect(bob);
        final List<ChatMessage> bobReceived = new CopyOnWriteArrayList<>();
        bobPhone.addMessageListener(bobReceived::add);
        bobPhone.sendText(alice, "are you there?").join();
        final SampleApp app = (SampleApp) RuntimeEnvironment.getApplication();
        final Session session = app.login(OutsideServer.mqttUri())
                .withPassword(alice, OutsideServer.password(alice)).join();
        app.setSession(session);

        screen = Robolectric.buildActivity(ChatActivity.class, ChatActivity.withUser(app, bob)).setup();
        final ListView messages = screen.get().findViewById(ChatActivity.MESSAGES);
        await().pollInSameThread().atMost(Duration.ofSeconds(10))
                .until(() -> shown(messages).equals(List.of(bob + ": are you there?")));

        final EditText field = screen.get().findViewById(ChatActivity.MESSAGE);
        field.setText("yes, here");
        screen.get().findViewById(ChatActivity.SEND).performClick();

        assertThat(field.getText().toString()).isEmpty();
        await().pollInSameThread().atMost(Duration.ofSeconds(10))
                .until(() -> shown(messages).equals(List.of(bob + ": are you there?", "yes, here")));
        await().atMost(Duration.ofSeconds(10)).until(() -> bobReceived.size() == 2);
        assertThat(bobReceived.get(1).text()).contains("yes, here");
        // the screen was in front when bob's message showed: alice has read it
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bobPhone.readBy(bobReceived.get(0).conversationId(), 1).join().contains(alice));
    }
}
