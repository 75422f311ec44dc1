package io.missive.server.e2e;

import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.RegisterPush;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.ExtensionMetrics;
import io.missive.server.MockApns;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.missive.server.e2e.GroupEndToEndTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A slow APNs: at most push.max-in-flight unanswered, push.max-queued waiting, the rest dropped and counted. */
@EndToEnd
class PushFlowControlEndToEndTest {

    private static final MockApns APNS = MockApns.start();
    private static final int IN_FLIGHT = 2;
    private static final int QUEUED = 3;

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(APNS.configure().andThen(c -> c
            .set("push.flush-ms", "20")
            .set("push.max-in-flight", Integer.toString(IN_FLIGHT))
            .set("push.max-queued", Integer.toString(QUEUED))));

    @AfterAll
    static void stopApns() {
        APNS.close();
    }

    @Test
    void a_slow_apns_bounds_what_waits_for_it_and_never_holds_up_messages() throws Exception {
        final int recipients = 12;
        final List<String> users = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            final String user = SERVER.createUser("r");
            users.add(user);
            try (RawDevice phone = RawDevice.connect(SERVER.mqttUri(), user, user + "-phone", SERVER.password(user))) {
                final Reply reply = request(phone, Uplink.newBuilder().setRegisterPush(RegisterPush.newBuilder()
                        .setApnsToken(PushEndToEndTest.newToken()).setTopic(PushEndToEndTest.TOPIC)).build());
                assertThat(reply.getPush().getRegistered()).as("%s", reply).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !SERVER.server().isConnected(user + "-phone"));
        }
        final String alice = SERVER.createUser("alice");
        APNS.hold();
        try (RawDevice alicePhone = RawDevice.connect(SERVER.mqttUri(), alice, alice + "-phone",
                SERVER.password(alice))) {
            for (final String user : users) {
                final Reply ack = request(alicePhone, Uplink.newBuilder().setSend(SendMessage.newBuilder()
                        .setClientMsgId("to-" + user).setToUserId(user).setContent(Content.newBuilder().setText("hi")))
                        .build());
                assertThat(ack.hasSendAck()).as("%s", ack).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_DROPPED) == recipients - IN_FLIGHT - QUEUED);
            assertThat(ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_PENDING)).isEqualTo(IN_FLIGHT + QUEUED);
            assertThat(APNS.accepted()).isEmpty();

            APNS.release();
            await().atMost(Duration.ofSeconds(10)).until(() -> APNS.accepted().size() == IN_FLIGHT + QUEUED
                    && ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_PENDING) == 0);
            assertThat(ExtensionMetrics.gauge(SERVER, ExtensionMetrics.PUSH_SENT)).isEqualTo(IN_FLIGHT + QUEUED);
        }
    }
}
