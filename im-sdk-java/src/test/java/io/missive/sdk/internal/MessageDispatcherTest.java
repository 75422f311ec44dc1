package io.missive.sdk.internal;

import io.missive.protocol.v1.SyncEvent;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MessageDispatcherTest {

    static {
        // Listener failures are logged by design; keep the test output readable.
        Logger.getLogger(MessageDispatcher.class.getName()).setLevel(Level.OFF);
    }

    private final MessageDispatcher direct = new MessageDispatcher(Runnable::run, 100);
    private final List<ChatMessage> received = new CopyOnWriteArrayList<>();

    private static byte[] event(final long version, final long seq) {
        return SyncEvent.newBuilder().setVersion(version)
                .setMessage(WireCodecTest.message(seq, "text " + seq)).build().toByteArray();
    }

    @Test
    void messages_reach_listeners_in_arrival_order_with_their_sync_version() {
        direct.addMessageListener(received::add);

        direct.onSyncEvent(event(1, 10));
        direct.onSyncEvent(event(2, 11));

        assertThat(received).extracting(ChatMessage::seq).containsExactly(10L, 11L);
        assertThat(received.get(1).syncVersion()).hasValue(2);
        assertThat(received.get(1).text()).contains("text 11");
    }

    @Test
    void a_redelivered_message_reaches_listeners_once() {
        direct.addMessageListener(received::add);

        direct.onSyncEvent(event(1, 10));
        direct.onSyncEvent(event(1, 10));

        assertThat(received).hasSize(1);
    }

    @Test
    void a_failing_listener_does_not_stop_other_listeners_or_later_messages() {
        direct.addMessageListener(m -> {
            throw new IllegalStateException("app bug");
        });
        direct.addMessageListener(received::add);

        direct.onSyncEvent(event(1, 10));
        direct.onSyncEvent(event(2, 11));

        assertThat(received).extracting(ChatMessage::seq).containsExactly(10L, 11L);
    }

    @Test
    void an_unreadable_event_is_dropped() {
        direct.addMessageListener(received::add);

        direct.onSyncEvent(new byte[] {(byte) 0xff, 0x01});
        direct.onSyncEvent(event(1, 10));

        assertThat(received).extracting(ChatMessage::seq).containsExactly(10L);
    }

    @Test
    void removed_listeners_hear_nothing() {
        final MessageListenerProbe probe = new MessageListenerProbe();
        direct.addMessageListener(probe);
        direct.removeMessageListener(probe);

        direct.onSyncEvent(event(1, 10));

        assertThat(probe.count).isZero();
    }

    @Test
    void connection_loss_reaches_connection_listeners() {
        final List<MissiveException> causes = new CopyOnWriteArrayList<>();
        direct.addConnectionListener(causes::add);

        direct.onConnectionLost(new MissiveException(ErrorCode.NOT_CONNECTED, "gone"));

        assertThat(causes).singleElement().extracting(MissiveException::code).isEqualTo(ErrorCode.NOT_CONNECTED);
    }

    @Test
    void listeners_run_on_the_delivery_thread_not_the_caller() throws Exception {
        final ExecutorService delivery = Executors.newSingleThreadExecutor(new DaemonThreads("delivery-test"));
        try {
            final MessageDispatcher dispatcher = new MessageDispatcher(delivery, 100);
            final List<String> threads = new CopyOnWriteArrayList<>();
            dispatcher.addMessageListener(m -> threads.add(Thread.currentThread().getName()));

            dispatcher.onSyncEvent(event(1, 10));

            await().until(() -> threads.size() == 1);
            assertThat(threads).containsExactly("delivery-test");
        } finally {
            delivery.shutdownNow();
        }
    }

    private static final class MessageListenerProbe implements io.missive.sdk.MessageListener {
        private int count;

        @Override
        public void onMessage(final ChatMessage message) {
            count++;
        }
    }
}
