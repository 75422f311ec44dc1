package io.missive.chat;

import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveConnectException;
import io.missive.sdk.MissiveException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionNoticesTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConnectionNotices notices = new ConnectionNotices(new ChatConsole(
            new StubClient("alice", "alice-cli"), new PrintStream(bytes, true, StandardCharsets.UTF_8)));

    @Test
    void the_user_sees_the_connection_drop_come_back_or_be_refused() {
        notices.onConnectionLost(new MissiveException(ErrorCode.NOT_CONNECTED, "connection lost"));
        notices.onReconnected();
        notices.onReconnectRefused(new MissiveConnectException(ErrorCode.NOT_AUTHORIZED, "revoked", 0x87, null));

        assertThat(bytes.toString(StandardCharsets.UTF_8).split("\\R")).containsExactly(
                "! NOT_CONNECTED: connection lost; reconnecting (messages you type are sent once it is back)",
                "* reconnected",
                "! reconnect refused: NOT_AUTHORIZED: revoked; restart with --password");
    }
}
