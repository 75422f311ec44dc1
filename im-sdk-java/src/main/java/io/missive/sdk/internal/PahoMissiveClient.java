package io.missive.sdk.internal;

import io.missive.protocol.Topics;
import io.missive.protocol.v1.Reply;
import io.missive.sdk.ConnectResult;
import io.missive.sdk.ConnectionListener;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MessageListener;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.SendReceipt;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.jetbrains.annotations.NotNull;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The {@link MissiveClient} on Eclipse Paho MQTT v5. Threads: the MQTT library's own; one
 * callback thread that completes every future and runs timers; one delivery thread for listeners.
 */
public final class PahoMissiveClient implements MissiveClient {

    /** How many message identities are remembered to drop redeliveries. */
    private static final int DEDUP_CAPACITY = 10_000;

    private final @NotNull ClientConfig config;
    private final @NotNull MqttAsyncClient mqtt;
    private final @NotNull ScheduledThreadPoolExecutor callbacks;
    private final @NotNull ExecutorService delivery;
    private final @NotNull RequestChannel requests;
    private final @NotNull MessageDispatcher dispatcher;
    private final @NotNull Connection connection;
    private final @NotNull AtomicReference<CompletableFuture<Void>> closing = new AtomicReference<>();

    public PahoMissiveClient(final @NotNull ClientConfig config) {
        this.config = config;
        try {
            this.mqtt = new MqttAsyncClient(config.serverUri(), config.deviceId(), new MemoryPersistence());
        } catch (final MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a usable server URI: " + config.serverUri(), e);
        }
        this.callbacks = new ScheduledThreadPoolExecutor(1,
                new DaemonThreads("missive-callbacks-" + config.deviceId()));
        this.callbacks.setRemoveOnCancelPolicy(true);
        this.callbacks.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.delivery = Executors.newSingleThreadExecutor(new DaemonThreads("missive-delivery-" + config.deviceId()));
        final String streamTopic = Topics.userStream(config.userId());
        final String replyTopic = Topics.deviceReplies(config.userId(), config.deviceId());
        this.requests = new RequestChannel(mqtt, Topics.uplink(config.userId(), config.deviceId()), replyTopic,
                callbacks, config.requestTimeout());
        this.dispatcher = new MessageDispatcher(delivery, DEDUP_CAPACITY);
        this.connection = new Connection(config, mqtt, callbacks, requests, dispatcher, streamTopic, replyTopic);
        this.mqtt.setCallback(new InboundRouter(streamTopic, replyTopic, callbacks, requests, dispatcher,
                connection::onConnectionLost));
    }

    @Override
    public @NotNull String userId() {
        return config.userId();
    }

    @Override
    public @NotNull String deviceId() {
        return config.deviceId();
    }

    @Override
    public @NotNull CompletableFuture<ConnectResult> connect() {
        if (closing.get() != null) {
            return failed(new MissiveException(ErrorCode.NOT_CONNECTED, "client is closed"));
        }
        return connection.connect();
    }

    @Override
    public boolean isConnected() {
        return connection.isConnected();
    }

    @Override
    public @NotNull Optional<String> deviceToken() {
        return connection.deviceToken();
    }

    @Override
    public @NotNull CompletableFuture<SendReceipt> send(final @NotNull OutgoingMessage message) {
        Objects.requireNonNull(message, "message");
        if (!connection.isConnected()) {
            return failed(new MissiveException(ErrorCode.NOT_CONNECTED, "not connected", message.clientMsgId(),
                    -1, null));
        }
        return decode(requests.request(WireCodec.sendRequest(message), message.clientMsgId()),
                reply -> WireCodec.toReceipt(reply, message.clientMsgId()));
    }

    @Override
    public @NotNull CompletableFuture<SendReceipt> sendText(final @NotNull String toUserId, final @NotNull String text) {
        return send(OutgoingMessage.toUser(toUserId).text(text).build());
    }

    @Override
    public @NotNull CompletableFuture<HistoryPage> history(
            final @NotNull String conversationId, final @NotNull HistoryQuery query) {
        Objects.requireNonNull(query, "query");
        if (conversationId.isEmpty()) {
            throw new IllegalArgumentException("conversation id must not be empty");
        }
        if (!connection.isConnected()) {
            return failed(new MissiveException(ErrorCode.NOT_CONNECTED, "not connected"));
        }
        return decode(requests.request(WireCodec.historyRequest(conversationId, query), null),
                WireCodec::toHistoryPage);
    }

    @Override
    public void addMessageListener(final @NotNull MessageListener listener) {
        dispatcher.addMessageListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeMessageListener(final @NotNull MessageListener listener) {
        dispatcher.removeMessageListener(listener);
    }

    @Override
    public void addConnectionListener(final @NotNull ConnectionListener listener) {
        dispatcher.addConnectionListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeConnectionListener(final @NotNull ConnectionListener listener) {
        dispatcher.removeConnectionListener(listener);
    }

    @Override
    public @NotNull CompletableFuture<Void> disconnect() {
        return connection.disconnect();
    }

    @Override
    public @NotNull CompletableFuture<Void> close() {
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        if (!closing.compareAndSet(null, closed)) {
            return closing.get();
        }
        connection.disconnect().whenComplete((ignored, failure) -> {
            connection.close();
            delivery.shutdown();
            callbacks.execute(() -> closed.complete(null));
            callbacks.shutdown();
        });
        return closed;
    }

    @Override
    public @NotNull String toString() {
        return "MissiveClient{" + config.userId() + '/' + config.deviceId() + " @ " + config.serverUri() + '}';
    }

    /** Maps a reply to the caller's type; the returned future fails with the bare {@link MissiveException}. */
    private static <T> @NotNull CompletableFuture<T> decode(
            final @NotNull CompletableFuture<Reply> reply, final @NotNull Function<Reply, T> decoder) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        reply.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure);
                return;
            }
            try {
                result.complete(decoder.apply(value));
            } catch (final RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static <T> @NotNull CompletableFuture<T> failed(final @NotNull Throwable failure) {
        final CompletableFuture<T> future = new CompletableFuture<>();
        future.completeExceptionally(failure);
        return future;
    }

}
