package io.missive.server.e2e;

import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.RegisterPush;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.ExtensionMetrics;
import io.missive.server.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.missive.server.e2e.GroupEndToEndTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code push.mock-apns=true}: the server runs Pushy's mock APNs itself and sends notifications there. */
@EndToEnd
class DevMockApnsEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c.set("push.mock-apns", "true")
            .set("push.mock-apns-port", "0").set("push.flush-ms", "50"));

    @Test
    void notifications_reach_the_development_mock_server() throws Exception {
        assertThat(SERVER.server().mockApnsPort()).isPresent();
        final String bob = SERVER.createUser("bob");
        final String alice = SERVER.createUser("alice");
        try (RawDevice phone = RawDevice.connect(SERVER.mqttUri(), bob, bob + "-phone", SERVER.password(bob));
             RawDevice alicePhone = RawDevice.connect(SERVER.mqttUri(), alice, alice + "-phone",
                     SERVER.password(alice))) {
            final Reply registered = request(phone, Uplink.newBuilder().setRegisterPush(RegisterPush.newBuilder()
                    .setApnsToken(PushEndToEndTest.newToken()).setTopic("com.example.chat").setSandbox(true)).build());
            assertThat(registered.getPush().getRegistered()).as("%s", registered).isTrue();
            phone.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !SERVER.server().isConnected(bob + "-phone"));
            final Reply ack = request(alicePhone, Uplink.newBuilder().setSend(SendMessage.newBuilder()
                    .setClientMsgId("d1").setToUserId(bob).setContent(Content.newBuilder().setText("ping"))).build());
            assertThat(ack.hasSendAck()).as("%s", ack).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_SENT) == 1);
        }
    }
}
