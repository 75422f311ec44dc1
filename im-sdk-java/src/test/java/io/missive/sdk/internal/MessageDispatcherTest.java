package io.missive.sdk.internal;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.ConnectionListener;
import io.missive.sdk.ConversationListener;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveConnectException;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class MessageDispatcherTest {

    static {
        // Listener failures are logged by design; keep the test output readable.
        Logger.getLogger(MessageDispatcher.class.getName()).setLevel(Level.OFF);
    }

    private final MessageDispatcher dispatcher = new MessageDispatcher(100);
    private final List<ChatMessage> received = new CopyOnWriteArrayList<>();

    private static ChatMessage message(final long seq) {
        return WireCodec.toChatMessage(WireCodecTest.message(seq, "text " + seq), seq);
    }

    @Test
    void messages_reach_listeners_in_the_order_given() {
        dispatcher.addMessageListener(received::add);

        dispatcher.deliver(message(10));
        dispatcher.deliver(message(11));

        assertThat(received).extracting(ChatMessage::seq).containsExactly(10L, 11L);
    }

    @Test
    void a_repeated_message_reaches_listeners_once() {
        dispatcher.addMessageListener(received::add);

        dispatcher.deliver(message(10));
        dispatcher.deliver(message(10));

        assertThat(received).hasSize(1);
    }

    @Test
    void a_failing_listener_does_not_stop_other_listeners_or_later_messages() {
        dispatcher.addMessageListener(m -> {
            throw new IllegalStateException("app bug");
        });
        dispatcher.addMessageListener(received::add);

        dispatcher.deliver(message(10));
        dispatcher.deliver(message(11));

        assertThat(received).extracting(ChatMessage::seq).containsExactly(10L, 11L);
    }

    @Test
    void removed_listeners_hear_nothing() {
        final List<ChatMessage> removed = new CopyOnWriteArrayList<>();
        final io.missive.sdk.MessageListener listener = removed::add;
        dispatcher.addMessageListener(listener);
        dispatcher.removeMessageListener(listener);

        dispatcher.deliver(message(10));

        assertThat(removed).isEmpty();
    }

    @Test
    void connection_news_reaches_connection_listeners_even_when_one_fails() {
        final List<String> heard = new CopyOnWriteArrayList<>();
        dispatcher.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnectionLost(final @NotNull MissiveException cause) {
                throw new IllegalStateException("app bug");
            }

            @Override
            public void onSynced() {
                throw new IllegalStateException("app bug");
            }
        });
        dispatcher.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnectionLost(final @NotNull MissiveException cause) {
                heard.add("lost " + cause.code());
            }

            @Override
            public void onReconnected() {
                heard.add("reconnected");
            }

            @Override
            public void onSynced() {
                heard.add("synced");
            }

            @Override
            public void onReconnectRefused(final @NotNull MissiveConnectException cause) {
                heard.add("refused " + cause.code());
            }
        });

        dispatcher.connectionLost(new MissiveException(ErrorCode.NOT_CONNECTED, "gone"));
        dispatcher.reconnected();
        dispatcher.synced();
        dispatcher.reconnectRefused(new MissiveConnectException(ErrorCode.BAD_CREDENTIALS, "no", 0x86, null));

        assertThat(heard).containsExactly("lost NOT_CONNECTED", "reconnected", "synced", "refused BAD_CREDENTIALS");
    }

    @Test
    void settings_reach_conversation_listeners_even_when_one_fails() {
        final List<ConversationSettings> heard = new CopyOnWriteArrayList<>();
        final ConversationListener failing = settings -> {
            throw new IllegalStateException("app bug");
        };
        final ConversationListener removed = heard::add;
        dispatcher.addConversationListener(failing);
        dispatcher.addConversationListener(heard::add);
        dispatcher.addConversationListener(removed);
        dispatcher.removeConversationListener(removed);

        dispatcher.settingsChanged(ConversationSettings.of("g:x", true, "work"));

        assertThat(heard).containsExactly(ConversationSettings.of("g:x", true, "work"));
    }

    @Test
    void a_lambda_connection_listener_hears_only_losses() {
        final List<MissiveException> causes = new CopyOnWriteArrayList<>();
        dispatcher.addConnectionListener(causes::add);

        dispatcher.synced();
        dispatcher.connectionLost(new MissiveException(ErrorCode.NOT_CONNECTED, "gone"));

        assertThat(causes).singleElement().extracting(MissiveException::code).isEqualTo(ErrorCode.NOT_CONNECTED);
    }
}
