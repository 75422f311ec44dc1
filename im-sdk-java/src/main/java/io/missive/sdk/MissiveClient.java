package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One device's connection to a Missive server. Thread-safe; create one per device and keep it for
 * the life of the app. Every I/O method returns a {@link CompletableFuture} that is completed on
 * the client's own callback thread, never on the MQTT library's (or is already failed when the call
 * cannot even start, e.g. while disconnected); failures are {@link MissiveException}s.
 *
 * <pre>{@code
 * MissiveClient client = MissiveClient.builder()
 *         .serverUri("tcp://127.0.0.1:1883")
 *         .userId("alice").deviceId("alice-phone")
 *         .password("secret")
 *         .build();
 * client.addMessageListener(m -> System.out.println(m.senderUserId() + ": " + m.text().orElse("")));
 * ConnectResult connected = client.connect().join();
 * client.sendText("bob", "hello").join();
 * }</pre>
 */
public interface MissiveClient {

    static @NotNull MissiveClientBuilder builder() {
        return new MissiveClientBuilder();
    }

    /** @return the user this client authenticates as */
    @NotNull String userId();

    /** @return the device id (MQTT client id) of this client */
    @NotNull String deviceId();

    /**
     * Connects, authenticates and subscribes to the user's sync stream and this device's replies.
     * Completes when messages can be sent and received; catching up with what the device missed
     * starts then and ends with {@link #whenSynced()}. Fails with {@link MissiveConnectException}
     * when the server refuses the connection (a first connect is not retried automatically).
     * After a successful connect, a lost connection is re-established automatically unless the
     * builder turned that off. May be called again after {@link #disconnect()}; while an automatic
     * reconnect is under way it completes with that attempt.
     */
    @NotNull CompletableFuture<ConnectResult> connect();

    /** @return true while connected */
    boolean isConnected();

    /**
     * @return the device token this client authenticates with: the newest one the server issued to
     *         this client, else the one it was built with; empty for a password-only client that
     *         has not connected yet
     */
    @NotNull Optional<String> deviceToken();

    /**
     * Sends a message. Completes with the server's receipt once the message is durably stored.
     * While the client is disconnected (or when the connection drops before the server answered)
     * the message waits in the client's outbox and is sent again, with the same client message id
     * and in the original order, once connected; the server stores it at most once. The future
     * fails only when the server refuses the message for good (e.g. {@link ErrorCode#NOT_A_MEMBER},
     * {@link ErrorCode#INVALID_ARGUMENT}), when the outbox is full ({@link ErrorCode#QUOTA_EXCEEDED},
     * see {@link MissiveClientBuilder#maxPendingSends(int)}), or when the client is closed
     * ({@link ErrorCode#NOT_CONNECTED}). Cancel the future to give up on a waiting message (one
     * already on its way may still be stored).
     */
    @NotNull CompletableFuture<SendReceipt> send(@NotNull OutgoingMessage message);

    /**
     * Sends a 1:1 text message to {@code toUserId} with a new client message id. To be able to retry
     * without duplicates, use {@link #send(OutgoingMessage)} and keep the message.
     *
     * @throws IllegalArgumentException when {@code toUserId} is not a valid user id
     */
    @NotNull CompletableFuture<SendReceipt> sendText(@NotNull String toUserId, @NotNull String text);

    /**
     * Reads one page of a conversation the user belongs to; 1:1 conversation ids come from
     * {@code io.missive.protocol.Ids.directConversation(a, b)}.
     */
    @NotNull CompletableFuture<HistoryPage> history(@NotNull String conversationId, @NotNull HistoryQuery query);

    /**
     * @return a future completed when the current connection has caught up with the sync stream
     *         (see {@link ConnectionListener#onSynced()}); when the client is not connected, the
     *         one completed by the next connection. Already completed while connected and caught
     *         up. Fails with {@link ErrorCode#NOT_CONNECTED} when the client is closed.
     */
    @NotNull CompletableFuture<Void> whenSynced();

    /** Lists the user's devices, including revoked ones and this one ({@link DeviceInfo#current()}). */
    @NotNull CompletableFuture<List<DeviceInfo>> listDevices();

    /**
     * Revokes one of the user's devices: its token stops working, its sync cursor is dropped, and
     * it is disconnected if connected. Fails with {@link ErrorCode#NOT_FOUND} for an unknown device.
     */
    @NotNull CompletableFuture<Void> revokeDevice(@NotNull String deviceId);

    void addMessageListener(@NotNull MessageListener listener);

    void removeMessageListener(@NotNull MessageListener listener);

    void addConnectionListener(@NotNull ConnectionListener listener);

    void removeConnectionListener(@NotNull ConnectionListener listener);

    /**
     * Disconnects cleanly and stops reconnecting. History and device requests still waiting for an
     * answer fail with {@link ErrorCode#NOT_CONNECTED}; sends stay in the outbox and go out after
     * the next {@link #connect()}. The client can connect again afterwards.
     */
    @NotNull CompletableFuture<Void> disconnect();

    /**
     * Stops reconnecting, disconnects if connected and releases the client's threads. Sends still
     * in the outbox fail with {@link ErrorCode#NOT_CONNECTED}. The client cannot be used again.
     */
    @NotNull CompletableFuture<Void> close();

    /** @return a blocking view of this client, for scripts, tests and command-line tools */
    default @NotNull MissiveBlockingClient toBlocking() {
        return new MissiveBlockingClient(this);
    }
}
