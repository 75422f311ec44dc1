package io.missive.server.e2e;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.MissiveClient;
import io.missive.server.TestServer;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** SDK clients for end-to-end tests, each with the messages its listener received. */
final class Devices implements AutoCloseable {

    private final @NotNull TestServer server;
    private final @NotNull List<MissiveClient> clients = new ArrayList<>();

    Devices(final @NotNull TestServer server) {
        this.server = server;
    }

    /** A connected SDK client for the user's device, recording what it receives into {@code inbox}. */
    @NotNull MissiveClient connect(final @NotNull String userId, final @NotNull String deviceId,
                                   final @NotNull List<ChatMessage> inbox) {
        final MissiveClient client = MissiveClient.builder()
                .serverUri(server.mqttUri())
                .userId(userId)
                .deviceId(deviceId)
                .password(server.password(userId))
                .build();
        client.addMessageListener(inbox::add);
        client.connect().join();
        clients.add(client);
        return client;
    }

    static @NotNull List<ChatMessage> inbox() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    @Override
    public void close() {
        clients.forEach(c -> c.close().join());
    }
}
