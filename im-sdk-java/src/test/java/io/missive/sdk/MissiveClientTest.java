package io.missive.sdk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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
    void several_endpoints_are_validated_at_build_time() {
        final MissiveClient client = alice().serverUri("wss://127.0.0.1:8443/mqtt").password("pw").build();
        try {
            assertThat(client.connectedServerUri()).isEmpty();
            assertThat(client.toString()).contains("tcp://127.0.0.1:1883", "wss://127.0.0.1:8443/mqtt");
        } finally {
            client.close().join();
        }
        assertThatThrownBy(() -> alice().serverUri("ssl://127.0.0.1").serverUri("ws://:8000/mqtt").password("pw").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://:8000/mqtt").hasMessageContaining("no host");
        assertThatThrownBy(() -> alice().serverUri("tcp://127.0.0.1").password("pw").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> alice().serverUris(List.of()).password("pw").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverUri is required");
        assertThatThrownBy(() -> alice().serverUris(List.of("tcp://127.0.0.1:99999")).password("pw").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> alice().endpointStagger(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void server_uris_replace_the_endpoints_given_before() {
        final MissiveClient client = alice().serverUris(List.of("ssl://127.0.0.1:8883", "wss://127.0.0.1/mqtt"))
                .password("pw").build();
        try {
            assertThat(client.toString()).doesNotContain("tcp://").contains("ssl://127.0.0.1:8883");
        } finally {
            client.close().join();
        }
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
    void a_send_before_connecting_waits_in_the_outbox_until_closing_fails_it_with_the_client_msg_id() {
        final MissiveClient client = alice().password("pw").build();
        final OutgoingMessage message = OutgoingMessage.toUser("bob").text("hi").build();

        final CompletableFuture<SendReceipt> sent = client.send(message);
        assertThat(sent).isNotDone();
        client.close().join();

        assertThatThrownBy(sent::join).hasCauseInstanceOf(MissiveException.class);
        assertThatThrownBy(() -> client.toBlocking().send(message))
                .isInstanceOfSatisfying(MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED);
                    assertThat(e.clientMsgId()).contains(message.clientMsgId());
                });
        sent.exceptionally(e -> {
            assertThat(((MissiveException) e).clientMsgId()).contains(message.clientMsgId());
            return null;
        }).join();
    }

    @Test
    void a_full_outbox_refuses_at_once() {
        final MissiveClient client = alice().password("pw").maxPendingSends(1).build();
        try {
            client.sendText("bob", "one");

            assertThatThrownBy(() -> client.toBlocking().sendText("bob", "two"))
                    .isInstanceOfSatisfying(MissiveException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
        } finally {
            client.close().join();
        }
    }

    @Test
    void requests_other_than_sends_need_a_connection() {
        final MissiveClient client = alice().password("pw").build();
        try {
            assertThatThrownBy(() -> client.toBlocking().listDevices())
                    .isInstanceOfSatisfying(MissiveException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED));
            assertThatThrownBy(() -> client.toBlocking().revokeDevice("old-phone"))
                    .isInstanceOfSatisfying(MissiveException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED));
        } finally {
            client.close().join();
        }
    }

    @Test
    void group_and_conversation_requests_need_a_connection() {
        final MissiveClient client = alice().password("pw").build();
        try {
            final MissiveBlockingClient blocking = client.toBlocking();
            final List<Runnable> calls = List.of(
                    () -> blocking.createGroup("team", List.of("bob"), false),
                    () -> blocking.addMembers("g:x", List.of("bob")),
                    () -> blocking.removeMembers("g:x", List.of("bob")),
                    () -> blocking.leaveGroup("g:x"),
                    () -> blocking.renameGroup("g:x", "new"),
                    () -> blocking.setMemberRole("g:x", "bob", Role.ADMIN),
                    () -> blocking.listMembers("g:x", null, 100),
                    () -> blocking.listConversations(null, 50),
                    () -> blocking.findConversation(List.of("bob")),
                    () -> blocking.updateConversationSettings("g:x", true, null));
            for (final Runnable call : calls) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED));
            }
        } finally {
            client.close().join();
        }
    }

    @Test
    void group_and_conversation_arguments_are_checked_before_anything_is_sent() {
        final MissiveClient client = alice().password("pw").build();
        try {
            assertThatThrownBy(() -> client.createGroup("team", List.of("bo/b"), false))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.addMembers("g:x", List.of())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.removeMembers("", List.of("bob")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.setMemberRole("g:x", "#", Role.OWNER))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.listMembers("g:x", null, MemberPage.MAX_LIMIT + 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.listConversations(null, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.findConversation(List.of())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.updateConversationSettings("", true, null))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            client.close().join();
        }
    }

    @Test
    void read_contact_and_presence_requests_need_a_connection() {
        final MissiveClient client = alice().password("pw").build();
        try {
            final MissiveBlockingClient blocking = client.toBlocking();
            final ChatMessage message = ChatMessage.builder().conversationId("dm:alice:bob").seq(3).messageId("m")
                    .senderUserId("bob").senderDeviceId("bob-phone").clientMsgId("c").serverTime(Instant.EPOCH)
                    .text("hi").build();
            final List<Runnable> calls = List.of(
                    blocking::unreadCounts,
                    () -> blocking.markRead("dm:alice:bob", 3),
                    () -> blocking.markRead(message),
                    () -> blocking.readBy("g:x", 3),
                    () -> blocking.requestContact("bob"),
                    () -> blocking.acceptContact("bob"),
                    () -> blocking.removeContact("bob"),
                    () -> blocking.blockUser("bob"),
                    () -> blocking.unblockUser("bob"),
                    blocking::listContacts,
                    () -> blocking.subscribePresence(List.of("bob")));
            for (final Runnable call : calls) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED));
            }
        } finally {
            client.close().join();
        }
    }

    @Test
    void unsubscribing_presence_while_disconnected_only_forgets() {
        final MissiveClient client = alice().password("pw").build();
        try {
            assertThat(client.unsubscribePresence(List.of("bob", "carol"))).isCompleted();
            client.toBlocking().unsubscribePresence(List.of("bob"));
        } finally {
            client.close().join();
        }
    }

    @Test
    void read_contact_and_presence_arguments_are_checked_before_anything_is_sent() {
        final MissiveClient client = alice().password("pw").build();
        try {
            assertThatThrownBy(() -> client.markRead("", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.markRead("dm:alice:bob", 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.readBy("g:x", -1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.requestContact("bo/b")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.acceptContact("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.removeContact("#")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.blockUser("+")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.unblockUser("$x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.subscribePresence(List.of())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.subscribePresence(List.of("bob", "a b")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.unsubscribePresence(List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.addReadListener(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> client.addContactListener(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> client.addPresenceListener(null)).isInstanceOf(NullPointerException.class);
        } finally {
            client.close().join();
        }
    }

    private static final String TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    @Test
    void push_requests_need_a_connection() {
        final MissiveClient client = alice().password("pw").build();
        try {
            final MissiveBlockingClient blocking = client.toBlocking();
            final List<Runnable> calls = List.of(
                    () -> blocking.registerPush(TOKEN, "com.example.chat", false),
                    () -> blocking.registerPush(TOKEN.toUpperCase(Locale.ROOT), "com.example.chat", true),
                    blocking::unregisterPush);
            for (final Runnable call : calls) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED));
            }
        } finally {
            client.close().join();
        }
    }

    @Test
    void push_arguments_are_checked_before_anything_is_sent() {
        final MissiveClient client = alice().password("pw").build();
        try {
            for (final String token : List.of("", "0123456789abcde", "0123456789abcdef0", "0123456789abcdeg",
                    "0123456789abcdef ", " 0123456789abcdef", "0x0123456789abcdef", "a".repeat(202))) {
                assertThatThrownBy(() -> client.registerPush(token, "com.example.chat", false))
                        .as("token %s", token)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("APNs device token");
            }
            for (final String topic : List.of("", "com example", "com/example", "com.example+chat", "äpp",
                    "a".repeat(201))) {
                assertThatThrownBy(() -> client.registerPush(TOKEN, topic, false))
                        .as("topic %s", topic)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("APNs topic");
            }
            assertThatThrownBy(() -> client.registerPush(null, "com.example.chat", false))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> client.registerPush(TOKEN, null, false)).isInstanceOf(NullPointerException.class);
            // a refused token is described, not quoted
            assertThatThrownBy(() -> client.registerPush("secret0123456789", "com.example.chat", false))
                    .hasMessageNotContaining("secret").hasMessageContaining("16 characters, not all hex digits");
            assertThatThrownBy(() -> client.registerPush("0123456789abcdef0", "com.example.chat", false))
                    .hasMessageContaining("has 17 hex digits");

            // the limits themselves are accepted: what remains is the missing connection
            for (final String token : List.of("0123456789abcdef", "AB".repeat(100), TOKEN)) {
                assertThat(client.registerPush(token, "a".repeat(200), true)).isCompletedExceptionally();
            }
            assertThat(client.registerPush(TOKEN, "X", false)).isCompletedExceptionally();
            assertThat(client.registerPush(TOKEN, "com.Example-App_2", false)).isCompletedExceptionally();
        } finally {
            client.close().join();
        }
    }

    @Test
    void waiting_for_sync_ends_with_not_connected_when_the_client_closes() {
        final MissiveClient client = alice().password("pw").build();
        final CompletableFuture<Void> synced = client.whenSynced();
        assertThat(synced).isNotDone();

        client.close().join();

        assertThatThrownBy(() -> client.toBlocking().awaitSynced())
                .isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED));
        assertThat(synced).isCompletedExceptionally();
    }

    @Test
    void reconnect_and_outbox_settings_are_validated() {
        assertThatThrownBy(() -> alice().reconnectDelay(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> alice().reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> alice().maxPendingSends(0)).isInstanceOf(IllegalArgumentException.class);
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
