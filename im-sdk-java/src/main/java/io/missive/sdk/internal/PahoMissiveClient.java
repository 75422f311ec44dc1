package io.missive.sdk.internal;

import io.missive.protocol.Topics;
import io.missive.sdk.ConnectResult;
import io.missive.sdk.ConnectionListener;
import io.missive.sdk.Contact;
import io.missive.sdk.ContactListener;
import io.missive.sdk.ConversationListener;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.DeviceInfo;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.GroupInfo;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MemberPage;
import io.missive.sdk.MessageListener;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveException;
import io.missive.sdk.OutgoingMessage;
import io.missive.sdk.Presence;
import io.missive.sdk.PresenceListener;
import io.missive.sdk.PushRegistration;
import io.missive.sdk.ReadListener;
import io.missive.sdk.ReadState;
import io.missive.sdk.Role;
import io.missive.sdk.SendReceipt;
import io.missive.sdk.UnreadCounts;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * The {@link MissiveClient} on Eclipse Paho MQTT v5. It builds the client's parts and hands each
 * call, its arguments checked, to the part that serves it: {@link ClientLifecycle} connects,
 * disconnects and closes, the {@link Outbox} sends, the request classes ask the server, and the
 * {@link MessageDispatcher} keeps the listeners. Threads: the MQTT library's own; one callback
 * thread that completes every future, runs timers and owns the outbox; one delivery thread that
 * runs the sync session and the listeners.
 */
public final class PahoMissiveClient implements MissiveClient {

    /** How many message identities are remembered to drop redeliveries. */
    private static final int DEDUP_CAPACITY = 10_000;

    private final @NotNull ClientConfig config;
    private final @NotNull MessageDispatcher dispatcher;
    private final @NotNull SyncSignal syncSignal;
    private final @NotNull MessageRequests messages;
    private final @NotNull DeviceRequests devices;
    private final @NotNull Outbox outbox;
    private final @NotNull GroupRequests groups;
    private final @NotNull UserStateRequests userState;
    private final @NotNull PresenceSubscriptions presence;
    private final @NotNull Connection connection;
    private final @NotNull ClientLifecycle lifecycle;

    public PahoMissiveClient(final @NotNull ClientConfig config) {
        this.config = config;
        final MqttAsyncClient mqtt;
        try {
            mqtt = new MqttAsyncClient(config.endpoints().get(0).uri(), config.deviceId(), new MemoryPersistence());
            // the MQTT library checks each URI as it connects: let it check them all now
            final String[] uris = new String[config.endpoints().size()];
            for (int i = 0; i < uris.length; i++) {
                uris[i] = config.endpoints().get(i).uri();
            }
            new MqttConnectionOptions().setServerURIs(uris);
        } catch (final MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a usable server URI: " + config.endpoints() + " (" + e.getMessage() + ")", e);
        }
        final ScheduledThreadPoolExecutor callbacks = new ScheduledThreadPoolExecutor(1,
                new DaemonThreads("missive-callbacks-" + config.deviceId()));
        callbacks.setRemoveOnCancelPolicy(true);
        callbacks.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        final ExecutorService delivery =
                Executors.newSingleThreadExecutor(new DaemonThreads("missive-delivery-" + config.deviceId()));
        final String streamTopic = Topics.userStream(config.userId());
        final String replyTopic = Topics.deviceReplies(config.userId(), config.deviceId());
        final RequestChannel requests = new RequestChannel(mqtt, Topics.uplink(config.userId(), config.deviceId()),
                replyTopic, callbacks, config.requestTimeout());
        final Backoff backoff = new Backoff(config.reconnectInitialDelay(), config.reconnectMaxDelay());
        final Timers onCallbacks = Timers.on(callbacks, Runnable::run);
        final SyncServer server = new ChannelSyncServer(requests);
        this.dispatcher = new MessageDispatcher(DEDUP_CAPACITY);
        this.syncSignal = new SyncSignal(callbacks);
        final SyncAcks acks = new SyncAcks(server::ack, onCallbacks);
        this.messages = new MessageRequests(requests);
        this.devices = new DeviceRequests(requests);
        this.outbox = new Outbox(messages::send, callbacks, onCallbacks, backoff, config.maxPendingSends());
        final RequestAttempts.Channel whileConnected = uplink -> whenConnected(() -> requests.request(uplink, null));
        this.groups = new GroupRequests(whileConnected, onCallbacks, backoff, () -> UUID.randomUUID().toString());
        this.presence = new PresenceSubscriptions(whileConnected, onCallbacks, backoff, delivery, dispatcher::presence);
        this.userState = new UserStateRequests(config.userId(), whileConnected, onCallbacks, backoff,
                presence::contactChanged);
        final SyncSession session = new SyncSession(config.userId(), server, new DeviceCursor(config.syncStore()),
                new SyncSink(dispatcher, presence, syncSignal), acks, Timers.on(callbacks, delivery), delivery, backoff,
                ClientConfig.GAP_REPAIR_DELAY.toMillis());
        final Executor listeners = new DeliveryThread(delivery);
        // the reconnector asks the connection only once the client is in use, after it is built below
        final Reconnector reconnector = new Reconnector(new Reconnector.Target() {
            @Override
            public @NotNull CompletableFuture<ConnectResult> reconnect() {
                return connection.connect(true);
            }

            @Override
            public boolean isConnected() {
                return connection.isConnected();
            }
        }, backoff, onCallbacks, config.automaticReconnect(),
                cause -> listeners.execute(() -> dispatcher.reconnectRefused(cause)));
        final ExecutorService dials = EndpointConnector.dialThreads(config.deviceId());
        this.connection = new Connection(config, mqtt, callbacks, requests,
                EndpointConnector.of(config, dials, onCallbacks, callbacks),
                new ConnectionFanOut(outbox, presence, session, dispatcher, listeners, reconnector), streamTopic,
                replyTopic);
        mqtt.setCallback(new InboundRouter(streamTopic, replyTopic, callbacks, delivery, requests, session,
                connection::onConnectionLost));
        this.lifecycle = new ClientLifecycle(connection, reconnector, outbox, acks, syncSignal, delivery, callbacks,
                dials);
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
        return lifecycle.connect();
    }

    @Override
    public boolean isConnected() {
        return connection.isConnected();
    }

    @Override
    public @NotNull Optional<String> connectedServerUri() {
        return connection.serverUri();
    }

    @Override
    public @NotNull Optional<String> deviceToken() {
        return connection.deviceToken();
    }

    @Override
    public @NotNull CompletableFuture<SendReceipt> send(final @NotNull OutgoingMessage message) {
        return outbox.send(Objects.requireNonNull(message, "message"));
    }

    @Override
    public @NotNull CompletableFuture<SendReceipt> sendText(final @NotNull String toUserId, final @NotNull String text) {
        return send(OutgoingMessage.toUser(toUserId).text(text).build());
    }

    @Override
    public @NotNull CompletableFuture<HistoryPage> history(
            final @NotNull String conversationId, final @NotNull HistoryQuery query) {
        Objects.requireNonNull(query, "query");
        Arguments.requireConversation(conversationId);
        return whenConnected(() -> messages.history(conversationId, query));
    }

    @Override
    public @NotNull CompletableFuture<Void> whenSynced() {
        return syncSignal.next();
    }

    @Override
    public @NotNull CompletableFuture<List<DeviceInfo>> listDevices() {
        return whenConnected(devices::list);
    }

    @Override
    public @NotNull CompletableFuture<Void> revokeDevice(final @NotNull String deviceId) {
        Arguments.requireDeviceId(deviceId);
        return whenConnected(() -> devices.revoke(deviceId));
    }

    @Override
    public @NotNull CompletableFuture<GroupInfo> createGroup(final @NotNull String name,
                                                             final @NotNull Collection<String> memberIds,
                                                             final boolean reuseExisting) {
        Objects.requireNonNull(name, "name");
        final List<String> members = Arguments.userIds(memberIds, true);
        return whenConnected(() -> groups.createGroup(name, members, reuseExisting));
    }

    @Override
    public @NotNull CompletableFuture<GroupInfo> addMembers(final @NotNull String conversationId,
                                                            final @NotNull Collection<String> userIds) {
        Arguments.requireConversation(conversationId);
        final List<String> members = Arguments.userIds(userIds, false);
        return whenConnected(() -> groups.addMembers(conversationId, members));
    }

    @Override
    public @NotNull CompletableFuture<GroupInfo> removeMembers(final @NotNull String conversationId,
                                                               final @NotNull Collection<String> userIds) {
        Arguments.requireConversation(conversationId);
        final List<String> members = Arguments.userIds(userIds, false);
        return whenConnected(() -> groups.removeMembers(conversationId, members));
    }

    @Override
    public @NotNull CompletableFuture<GroupInfo> leaveGroup(final @NotNull String conversationId) {
        Arguments.requireConversation(conversationId);
        return whenConnected(() -> groups.leaveGroup(conversationId));
    }

    @Override
    public @NotNull CompletableFuture<GroupInfo> renameGroup(final @NotNull String conversationId,
                                                             final @NotNull String name) {
        Arguments.requireConversation(conversationId);
        Objects.requireNonNull(name, "name");
        return whenConnected(() -> groups.renameGroup(conversationId, name));
    }

    @Override
    public @NotNull CompletableFuture<GroupInfo> setMemberRole(final @NotNull String conversationId,
                                                               final @NotNull String userId, final @NotNull Role role) {
        Arguments.requireConversation(conversationId);
        Arguments.requireUserId(userId);
        Objects.requireNonNull(role, "role");
        return whenConnected(() -> groups.setMemberRole(conversationId, userId, role));
    }

    @Override
    public @NotNull CompletableFuture<MemberPage> listMembers(final @NotNull String conversationId,
                                                              final @Nullable String afterUserId, final int limit) {
        Arguments.requireConversation(conversationId);
        Arguments.requireLimit(limit, MemberPage.MAX_LIMIT);
        return whenConnected(() -> groups.listMembers(conversationId, afterUserId == null ? "" : afterUserId, limit));
    }

    @Override
    public @NotNull CompletableFuture<ConversationPage> listConversations(final @Nullable String cursor,
                                                                          final int limit) {
        Arguments.requireLimit(limit, ConversationPage.MAX_LIMIT);
        return whenConnected(() -> groups.listConversations(cursor == null ? "" : cursor, limit));
    }

    @Override
    public @NotNull CompletableFuture<Optional<ConversationSummary>> findConversation(
            final @NotNull Collection<String> participantIds) {
        final List<String> participants = Arguments.userIds(participantIds, false);
        return whenConnected(() -> groups.findConversation(participants));
    }

    @Override
    public @NotNull CompletableFuture<ConversationSettings> updateConversationSettings(
            final @NotNull String conversationId, final @Nullable Boolean muted, final @Nullable String label) {
        Arguments.requireConversation(conversationId);
        return whenConnected(() -> groups.updateSettings(conversationId, muted, label));
    }

    @Override
    public @NotNull CompletableFuture<UnreadCounts> unreadCounts() {
        return whenConnected(userState::unreadCounts);
    }

    @Override
    public @NotNull CompletableFuture<ReadState> markRead(final @NotNull String conversationId, final long seq) {
        Arguments.requireConversation(conversationId);
        Arguments.requireSeq(seq);
        return whenConnected(() -> userState.markRead(conversationId, seq));
    }

    @Override
    public @NotNull CompletableFuture<List<String>> readBy(final @NotNull String conversationId, final long seq) {
        Arguments.requireConversation(conversationId);
        Arguments.requireSeq(seq);
        return whenConnected(() -> userState.readBy(conversationId, seq));
    }

    @Override
    public @NotNull CompletableFuture<Contact> requestContact(final @NotNull String userId) {
        Arguments.requireUserId(userId);
        return whenConnected(() -> userState.requestContact(userId));
    }

    @Override
    public @NotNull CompletableFuture<Contact> acceptContact(final @NotNull String userId) {
        Arguments.requireUserId(userId);
        return whenConnected(() -> userState.acceptContact(userId));
    }

    @Override
    public @NotNull CompletableFuture<Contact> removeContact(final @NotNull String userId) {
        Arguments.requireUserId(userId);
        return whenConnected(() -> userState.removeContact(userId));
    }

    @Override
    public @NotNull CompletableFuture<Contact> blockUser(final @NotNull String userId) {
        Arguments.requireUserId(userId);
        return whenConnected(() -> userState.blockUser(userId));
    }

    @Override
    public @NotNull CompletableFuture<Contact> unblockUser(final @NotNull String userId) {
        Arguments.requireUserId(userId);
        return whenConnected(() -> userState.unblockUser(userId));
    }

    @Override
    public @NotNull CompletableFuture<List<Contact>> listContacts() {
        return whenConnected(userState::listContacts);
    }

    @Override
    public @NotNull CompletableFuture<List<Presence>> subscribePresence(final @NotNull Collection<String> userIds) {
        final List<String> users = Arguments.distinct(Arguments.userIds(userIds, false));
        return whenConnected(() -> presence.subscribe(users));
    }

    @Override
    public @NotNull CompletableFuture<Void> unsubscribePresence(final @NotNull Collection<String> userIds) {
        // while disconnected this only forgets them: the server's subscriptions ended with the connection
        return presence.unsubscribe(Arguments.distinct(Arguments.userIds(userIds, false)));
    }

    @Override
    public @NotNull CompletableFuture<PushRegistration> registerPush(
            final @NotNull String apnsToken, final @NotNull String topic, final boolean sandbox) {
        Arguments.requireApnsToken(apnsToken);
        Arguments.requireTopic(topic);
        return whenConnected(() -> userState.registerPush(apnsToken, topic, sandbox));
    }

    @Override
    public @NotNull CompletableFuture<PushRegistration> unregisterPush() {
        return whenConnected(userState::unregisterPush);
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
    public void addConversationListener(final @NotNull ConversationListener listener) {
        dispatcher.addConversationListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeConversationListener(final @NotNull ConversationListener listener) {
        dispatcher.removeConversationListener(listener);
    }

    @Override
    public void addReadListener(final @NotNull ReadListener listener) {
        dispatcher.addReadListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeReadListener(final @NotNull ReadListener listener) {
        dispatcher.removeReadListener(listener);
    }

    @Override
    public void addContactListener(final @NotNull ContactListener listener) {
        dispatcher.addContactListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeContactListener(final @NotNull ContactListener listener) {
        dispatcher.removeContactListener(listener);
    }

    @Override
    public void addPresenceListener(final @NotNull PresenceListener listener) {
        dispatcher.addPresenceListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removePresenceListener(final @NotNull PresenceListener listener) {
        dispatcher.removePresenceListener(listener);
    }

    @Override
    public @NotNull CompletableFuture<Void> disconnect() {
        return lifecycle.disconnect();
    }

    @Override
    public @NotNull CompletableFuture<Void> close() {
        return lifecycle.close();
    }

    @Override
    public @NotNull String toString() {
        return "MissiveClient{" + config.userId() + '/' + config.deviceId() + " @ " + config.endpoints() + '}';
    }

    private <T> @NotNull CompletableFuture<T> whenConnected(
            final @NotNull Supplier<CompletableFuture<T>> request) {
        if (!connection.isConnected()) {
            return Futures.failed(new MissiveException(ErrorCode.NOT_CONNECTED, "not connected"));
        }
        return request.get();
    }
}
