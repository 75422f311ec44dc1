package io.missive.server.e2e;

import io.missive.protocol.Ids;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.RegisterPush;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.ExtensionMetrics;
import io.missive.server.MockApns;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.missive.server.e2e.GroupEndToEndTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A server whose APNs key APNs does not accept: the refusal is counted, messaging goes on. */
@EndToEnd
class PushCredentialsEndToEndTest {

    private static final MockApns APNS = MockApns.start();

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(APNS.configureWithWrongKey().andThen(c -> c
            .set("push.flush-ms", "50")));

    @AfterAll
    static void stopApns() {
        APNS.close();
    }

    @Test
    void a_refused_provider_token_is_counted_and_messages_are_still_delivered() throws Exception {
        final String bob = SERVER.createUser("bob");
        final String alice = SERVER.createUser("alice");
        try (RawDevice phone = RawDevice.connect(SERVER.mqttUri(), bob, bob + "-phone", SERVER.password(bob));
             RawDevice tablet = RawDevice.connect(SERVER.mqttUri(), bob, bob + "-tablet", SERVER.password(bob));
             RawDevice alicePhone = RawDevice.connect(SERVER.mqttUri(), alice, alice + "-phone",
                     SERVER.password(alice))) {
            final Reply registered = request(phone, Uplink.newBuilder().setRegisterPush(RegisterPush.newBuilder()
                    .setApnsToken(PushEndToEndTest.newToken()).setTopic(PushEndToEndTest.TOPIC)).build());
            assertThat(registered.getPush().getRegistered()).as("%s", registered).isTrue();
            phone.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !SERVER.server().isConnected(bob + "-phone"));
            assertThat(request(tablet, Uplink.newBuilder().setSync(SyncRequest.newBuilder()).build()).hasSync())
                    .isTrue();

            for (int i = 0; i < 3; i++) {
                final Reply ack = request(alicePhone, Uplink.newBuilder().setSend(SendMessage.newBuilder()
                        .setClientMsgId("k" + i).setToUserId(bob).setContent(Content.newBuilder().setText("hi " + i)))
                        .build());
                assertThat(ack.hasSendAck()).as("%s", ack).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_CREDENTIAL_REFUSALS) >= 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> tablet.events.stream().filter(e -> e.hasMessage()
                    && e.getMessage().getConversationId().equals(Ids.directConversation(alice, bob))).count() == 3);
            assertThat(APNS.requests()).isPositive();
            assertThat(APNS.accepted()).isEmpty();
            assertThat(ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_SENT)).isZero();
            // a refused key is not retried: it would be refused again
            assertThat(ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_RETRIED)).isZero();
        }
    }
}
