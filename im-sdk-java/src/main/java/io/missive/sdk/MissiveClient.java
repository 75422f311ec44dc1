package io.missive.sdk;

import org.jetbrains.annotations.NotNull;

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
     * Completes when messages can be sent and received. Fails with {@link MissiveConnectException}
     * when the server refuses the connection. May be called again after the connection was lost
     * or after {@link #disconnect()}.
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
     * On a retryable failure, send the same {@link OutgoingMessage} again: it keeps its client
     * message id, so the server stores it at most once and answers with the same receipt.
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

    void addMessageListener(@NotNull MessageListener listener);

    void removeMessageListener(@NotNull MessageListener listener);

    void addConnectionListener(@NotNull ConnectionListener listener);

    void removeConnectionListener(@NotNull ConnectionListener listener);

    /**
     * Disconnects cleanly. Requests still waiting for an answer fail with
     * {@link ErrorCode#NOT_CONNECTED}. The client can connect again afterwards.
     */
    @NotNull CompletableFuture<Void> disconnect();

    /** Disconnects if connected and releases the client's threads. The client cannot be used again. */
    @NotNull CompletableFuture<Void> close();

    /** @return a blocking view of this client, for scripts, tests and command-line tools */
    default @NotNull MissiveBlockingClient toBlocking() {
        return new MissiveBlockingClient(this);
    }
}
