package io.missive.sdk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client behaviour that needs no server. End-to-end tests against a real server live in im-server. */
class MissiveClientTest {

    private static MissiveClientBuilder alice() {
        return MissiveClient.builder().serverUri("tcp://127.0.0.1:1883").userId("alice").deviceId("alice-phone");
    }

    @Test
    void exactly_one_credential_is_required() {
        assertThatThrownBy(() -> alice().build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> alice().password("pw").token("mvt1.abc").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void token_and_password_are_not_confused() {
        assertThatThrownBy(() -> alice().token("not-a-token").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mvt1.");
        assertThatThrownBy(() -> alice().password("mvt1.abc").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token()");
    }

    @Test
    void ids_and_uri_are_validated_at_build_time() {
        assertThatThrownBy(() -> alice().userId("al/ice").password("pw").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> alice().deviceId("#").password("pw").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> alice().serverUri("gopher://x").password("pw").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> alice().requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_token_client_reports_its_token_before_connecting() {
        final MissiveClient client = alice().token("mvt1.abc").build();
        try {
            assertThat(client.deviceToken()).contains("mvt1.abc");
            assertThat(client.isConnected()).isFalse();
        } finally {
            client.close().join();
        }
    }

    @Test
    void sending_while_disconnected_fails_fast_with_the_client_msg_id() {
        final MissiveClient client = alice().password("pw").build();
        try {
            final OutgoingMessage message = OutgoingMessage.toUser("bob").text("hi").build();

            final CompletableFuture<SendReceipt> sent = client.send(message);

            assertThat(sent).isCompletedExceptionally();
            assertThatThrownBy(() -> client.toBlocking().send(message))
                    .isInstanceOfSatisfying(MissiveException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED);
                        assertThat(e.clientMsgId()).contains(message.clientMsgId());
                    });
        } finally {
            client.close().join();
        }
    }

    @Test
    void connecting_to_a_closed_port_fails_with_not_connected() throws Exception {
        final MissiveClient client = MissiveClient.builder()
                .serverUri("tcp://127.0.0.1:" + closedPort()).userId("alice").deviceId("alice-phone")
                .password("pw").connectTimeout(Duration.ofSeconds(2)).build();
        try {
            assertThatThrownBy(() -> client.toBlocking().connect())
                    .isInstanceOfSatisfying(MissiveConnectException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED);
                        assertThat(e.reasonCode()).isEmpty();
                    });
            assertThat(client.isConnected()).isFalse();
        } finally {
            client.close().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_closed_client_cannot_connect_again() {
        final MissiveClient client = alice().password("pw").build();
        client.close().join();

        assertThat(client.close()).isDone();
        assertThatThrownBy(() -> client.toBlocking().connect())
                .isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED));
    }

    @Test
    void disconnecting_an_unconnected_client_is_a_no_op() {
        final MissiveClient client = alice().password("pw").build();
        try {
            assertThat(client.disconnect()).isCompleted();
        } finally {
            client.close().join();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
