package io.missive.sample;

import io.missive.sample.session.Login;
import io.missive.sample.session.Session;
import io.missive.sample.session.TokenStore;
import io.missive.sdk.MissiveClient;
import io.missive.server.TestServer;
import org.jetbrains.annotations.NotNull;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The sample's models signed in to a real server, as the app would be on a phone, and plain SDK
 * clients for the other people in the conversation. Everything made here is closed by {@link #close()}.
 */
public final class Phones implements AutoCloseable {

    private static final @NotNull SecureRandom RANDOM = new SecureRandom();

    private final @NotNull TestServer server;
    private final @NotNull Path dataDir;
    private final @NotNull List<Session> sessions = new ArrayList<>();
    private final @NotNull List<MissiveClient> clients = new ArrayList<>();

    public Phones(final @NotNull TestServer server, final @NotNull Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** The app's login on the user's phone ({@code <user>-phone}), its callbacks run on SDK threads. */
    public @NotNull Login login(final @NotNull String userId, final @NotNull TokenStore tokens) {
        return Login.builder().serverUri(server.mqttUri()).deviceId(phoneOf(userId)).dataDir(dataDir)
                .tokens(tokens).build();
    }

    /** The app signed in with the password on the user's phone and caught up with what the server held. */
    public @NotNull Session signIn(final @NotNull String userId) {
        final Session session = track(login(userId, TokenStore.inMemory())
                .withPassword(userId, server.password(userId)).join());
        await().atMost(Duration.ofSeconds(10)).until(() -> session.status() == Session.Status.ONLINE);
        return session;
    }

    public @NotNull Session track(final @NotNull Session session) {
        sessions.add(session);
        return session;
    }

    /** A plain SDK client on another device of the user ({@code <user>-<device>}), connected. */
    public @NotNull MissiveClient device(final @NotNull String userId, final @NotNull String device) {
        final MissiveClient client = MissiveClient.builder().serverUri(server.mqttUri()).userId(userId)
                .deviceId(userId + "-" + device).password(server.password(userId)).build();
        clients.add(client);
        client.connect().join();
        return client;
    }

    public static @NotNull String phoneOf(final @NotNull String userId) {
        return userId + "-phone";
    }

    /** A made-up push token: 64 hex digits. */
    public static @NotNull String newPushToken() {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        final StringBuilder hex = new StringBuilder();
        for (final byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    @Override
    public void close() {
        sessions.forEach(s -> s.close().join());
        clients.forEach(c -> c.close().join());
    }
}
