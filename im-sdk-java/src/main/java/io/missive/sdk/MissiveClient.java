package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Collection;
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
     * @return the server URI of the current connection, as configured (with several endpoints, the
     *         one that answered first); empty while not connected
     */
    @NotNull Optional<String> connectedServerUri();

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
     *         and with the groups the user is in (see {@link ConnectionListener#onSynced()}); when
     *         the client is not connected, the one completed by the next connection. Already
     *         completed while connected and caught up. Fails with {@link ErrorCode#NOT_CONNECTED}
     *         when the client is closed.
     */
    @NotNull CompletableFuture<Void> whenSynced();

    /** Lists the user's devices, including revoked ones and this one ({@link DeviceInfo#current()}). */
    @NotNull CompletableFuture<List<DeviceInfo>> listDevices();

    /**
     * Revokes one of the user's devices: its token stops working, its sync cursor is dropped, and
     * it is disconnected if connected. Fails with {@link ErrorCode#NOT_FOUND} for an unknown device.
     */
    @NotNull CompletableFuture<Void> revokeDevice(@NotNull String deviceId);

    // ---- groups -------------------------------------------------------------------------------

    /**
     * Creates a group; the user becomes its owner and the other members are added at once. Every
     * member then receives the group's CREATED event ({@link ChatMessage#change()}, seq 1) and its
     * messages. Send to it with {@link OutgoingMessage#toConversation(String)} and
     * {@link GroupInfo#conversationId()}.
     *
     * <p>Like every group change, the request carries a request id generated for this call; when an
     * attempt gets no answer (timeout, lost connection) or a retryable server error, the client
     * sends it again with the same id, and the server applies it at most once. Fails at once with
     * {@link ErrorCode#NOT_CONNECTED} while disconnected; with {@link ErrorCode#GROUP_FULL} beyond
     * the server's member cap, {@link ErrorCode#NOT_FOUND} when a member does not exist,
     * {@link ErrorCode#INVALID_ARGUMENT} for a bad name.
     *
     * @param name          1..100 characters
     * @param memberIds     the other initial members (the user is always one)
     * @param reuseExisting when a group with exactly these members (the user included) exists
     *                      already, answer with it instead of creating another one
     *                      ({@link GroupInfo#changeSeq()} is then empty)
     * @throws IllegalArgumentException when a member id is not a valid user id
     */
    @NotNull CompletableFuture<GroupInfo> createGroup(@NotNull String name,
                                                      @NotNull Collection<String> memberIds,
                                                      boolean reuseExisting);

    /**
     * Adds members to a group (owner and admins only; {@link ErrorCode#NOT_AUTHORIZED} otherwise).
     * The new members see the group's messages from this change on. Retried like
     * {@link #createGroup}.
     *
     * @throws IllegalArgumentException when the conversation id is empty, no user id is given, or
     *                                  one is not a valid user id
     */
    @NotNull CompletableFuture<GroupInfo> addMembers(@NotNull String conversationId,
                                                     @NotNull Collection<String> userIds);

    /**
     * Removes members from a group (owner and admins only; the owner cannot be removed). Retried
     * like {@link #createGroup}.
     *
     * @throws IllegalArgumentException when the conversation id is empty, no user id is given, or
     *                                  one is not a valid user id
     */
    @NotNull CompletableFuture<GroupInfo> removeMembers(@NotNull String conversationId,
                                                        @NotNull Collection<String> userIds);

    /**
     * Leaves a group. An owner leaving hands ownership to the longest-standing admin, else member.
     * The client delivers the MEMBER_LEFT event and then stops receiving the group. Retried like
     * {@link #createGroup}.
     *
     * @throws IllegalArgumentException when the conversation id is empty
     */
    @NotNull CompletableFuture<GroupInfo> leaveGroup(@NotNull String conversationId);

    /**
     * Renames a group (owner and admins only). Retried like {@link #createGroup}.
     *
     * @param name 1..100 characters
     * @throws IllegalArgumentException when the conversation id is empty
     */
    @NotNull CompletableFuture<GroupInfo> renameGroup(@NotNull String conversationId, @NotNull String name);

    /**
     * Makes a member an admin or a plain member again (owner only); {@link Role#OWNER} hands
     * ownership on, and the previous owner becomes an admin. Retried like {@link #createGroup}.
     *
     * @throws IllegalArgumentException when the conversation id is empty or the user id is not valid
     */
    @NotNull CompletableFuture<GroupInfo> setMemberRole(@NotNull String conversationId,
                                                        @NotNull String userId, @NotNull Role role);

    /**
     * Reads a page of a group's current members, ascending by user id (members only).
     *
     * @param afterUserId start after this user id; null or "" for the first page
     * @param limit       1..{@link MemberPage#MAX_LIMIT}
     * @throws IllegalArgumentException when the conversation id is empty or the limit out of range
     */
    @NotNull CompletableFuture<MemberPage> listMembers(@NotNull String conversationId,
                                                       @Nullable String afterUserId, int limit);

    // ---- the conversation list ----------------------------------------------------------------

    /**
     * Reads a page of the user's conversations (direct ones and the groups the user is in), most
     * recent activity first.
     *
     * @param cursor null or "" for the first page, else {@link ConversationPage#nextCursor()} of the
     *               previous one
     * @param limit  1..{@link ConversationPage#MAX_LIMIT}
     * @throws IllegalArgumentException when the limit is out of range
     */
    @NotNull CompletableFuture<ConversationPage> listConversations(@Nullable String cursor, int limit);

    /**
     * Finds the existing conversation among exactly these users (the user is always counted in,
     * whether listed or not): the direct conversation for one other user, else a group the user is
     * in whose members are exactly this set.
     *
     * @return the conversation; empty when there is none
     * @throws IllegalArgumentException when no user id is given or one is not valid
     */
    @NotNull CompletableFuture<Optional<ConversationSummary>> findConversation(
            @NotNull Collection<String> participantIds);

    /**
     * Changes the user's own settings of a conversation; a null argument leaves that setting as it
     * is. The change reaches the user's other devices (and this one) through
     * {@link ConversationListener#onSettingsChanged}.
     *
     * @param muted null to leave it as it is
     * @param label null to leave it as it is, "" to clear it; 0..64 characters
     * @return the settings after the change
     * @throws IllegalArgumentException when the conversation id is empty
     */
    @NotNull CompletableFuture<ConversationSettings> updateConversationSettings(
            @NotNull String conversationId, @Nullable Boolean muted, @Nullable String label);

    // ---- read positions and unread counts ------------------------------------------------------

    /**
     * Reads the user's unread counts: per conversation, the messages after the user's read position.
     * When the server cannot reach its counter store the answer is {@link UnreadCounts#available()}
     * false (the counts are unknown, not zero); the request itself then still succeeds.
     */
    @NotNull CompletableFuture<UnreadCounts> unreadCounts();

    /**
     * Marks a conversation read up to and including {@code seq}. Idempotent and monotonic: a position
     * at or below the stored one changes nothing, and the answer is the stored position then. The new
     * position reaches the user's other devices (and this one) through
     * {@link ReadListener#onRead}, and in a direct conversation the other user too (their "read"
     * tick). When an attempt gets no answer (timeout, lost connection) or a retryable server error,
     * the client sends it again, up to 4 attempts with the reconnect backoff in between. Fails at
     * once with {@link ErrorCode#NOT_CONNECTED} while disconnected; with
     * {@link ErrorCode#NOT_A_MEMBER} for a conversation the user is not in.
     *
     * @param seq 1 or more; usually the seq of the newest message the user has seen
     * @return the user's read position after the call, with the conversation's unread count
     * @throws IllegalArgumentException when the conversation id is empty or the seq below 1
     */
    @NotNull CompletableFuture<ReadState> markRead(@NotNull String conversationId, long seq);

    /**
     * Marks the message's conversation read up to and including the message.
     *
     * @see #markRead(String, long)
     */
    default @NotNull CompletableFuture<ReadState> markRead(final @NotNull ChatMessage message) {
        return markRead(message.conversationId(), message.seq());
    }

    /**
     * Lists who has read a conversation up to at least {@code seq}: the other members (never the
     * user), for direct conversations and for groups up to the server's read-receipt size limit.
     *
     * @throws IllegalArgumentException when the conversation id is empty or the seq below 1
     */
    @NotNull CompletableFuture<List<String>> readBy(@NotNull String conversationId, long seq);

    // ---- contacts ------------------------------------------------------------------------------

    /**
     * Asks another user to become a contact ({@link ContactState#REQUEST_SENT}); when they asked
     * first, this accepts their request ({@link ContactState#ACCEPTED}). Fails with
     * {@link ErrorCode#BLOCKED} when either blocked the other, {@link ErrorCode#NOT_FOUND} for an
     * unknown user, {@link ErrorCode#INVALID_ARGUMENT} for the user themselves. Like every contact request it is sent once and fails at once with
     * {@link ErrorCode#NOT_CONNECTED} while disconnected; the changed relation also reaches the user's
     * devices (this one included) through {@link ContactListener#onContactChanged}.
     *
     * @return the relation after the change
     * @throws IllegalArgumentException when the user id is not valid
     */
    @NotNull CompletableFuture<Contact> requestContact(@NotNull String userId);

    /**
     * Accepts another user's contact request; {@link ErrorCode#NOT_FOUND} when there is none.
     *
     * @return the relation after the change ({@link ContactState#ACCEPTED})
     * @throws IllegalArgumentException when the user id is not valid
     * @see #requestContact(String)
     */
    @NotNull CompletableFuture<Contact> acceptContact(@NotNull String userId);

    /**
     * Ends a contact, or withdraws the user's request, or declines the other user's request. The
     * client stops following the other user's presence.
     *
     * @return the relation after the change ({@link ContactState#NONE})
     * @throws IllegalArgumentException when the user id is not valid
     * @see #requestContact(String)
     */
    @NotNull CompletableFuture<Contact> removeContact(@NotNull String userId);

    /**
     * Blocks another user: they can no longer message the user, ask to be a contact or see the user's
     * presence, and any contact or request between them ends. They are not told. The client stops
     * following their presence.
     *
     * @return the relation after the change ({@link ContactState#BLOCKED})
     * @throws IllegalArgumentException when the user id is not valid
     * @see #requestContact(String)
     */
    @NotNull CompletableFuture<Contact> blockUser(@NotNull String userId);

    /**
     * Unblocks a user the user blocked; they are not a contact again (ask anew).
     *
     * @return the relation after the change ({@link ContactState#NONE})
     * @throws IllegalArgumentException when the user id is not valid
     * @see #requestContact(String)
     */
    @NotNull CompletableFuture<Contact> unblockUser(@NotNull String userId);

    /** Lists the user's contact relations: contacts, open requests either way, and blocked users. */
    @NotNull CompletableFuture<List<Contact>> listContacts();

    // ---- presence ------------------------------------------------------------------------------

    /**
     * Follows the presence of these users (accepted contacts only; {@link ErrorCode#NOT_A_CONTACT}
     * otherwise). Changes then arrive at {@link PresenceListener#onPresence}. The server keeps
     * subscriptions per connection; the client remembers the users it follows and subscribes again
     * after every reconnect, handing the current presence of each to the presence listeners, until
     * {@link #unsubscribePresence} (or the contact ends). Sent once; fails at once with
     * {@link ErrorCode#NOT_CONNECTED} while disconnected (nothing is remembered then).
     *
     * @return the current presence of each user now followed
     * @throws IllegalArgumentException when no user id is given or one is not valid
     */
    @NotNull CompletableFuture<List<Presence>> subscribePresence(@NotNull Collection<String> userIds);

    /**
     * Stops following the presence of these users, now and after reconnects. While disconnected the
     * client only forgets them (the server's subscriptions ended with the connection) and the future
     * is already completed.
     *
     * @throws IllegalArgumentException when no user id is given or one is not valid
     */
    @NotNull CompletableFuture<Void> unsubscribePresence(@NotNull Collection<String> userIds);

    // ---- push notifications --------------------------------------------------------------------

    /**
     * Registers this device for push notifications through Apple's APNs, which the server sends
     * while the device has no connection. The server keeps the registration across reconnects and
     * app restarts, until {@link #unregisterPush()}: there is nothing to repeat after a reconnect. A
     * device has one registration, and registering again replaces it (a token another device
     * registered before moves to this one). Call it whenever iOS hands the app a device token (at
     * every start, and whenever the token changes). Sent once; fails at once with
     * {@link ErrorCode#NOT_CONNECTED} while disconnected, and with {@link ErrorCode#INVALID_ARGUMENT}
     * when the server refuses the token or topic. Registering again is harmless, so after a failure
     * such as {@link ErrorCode#TIMEOUT} call it again.
     *
     * @param apnsToken the APNs device token as hex, as iOS gave it:
     *                  {@value PushRegistration#MIN_TOKEN_DIGITS}..{@value PushRegistration#MAX_TOKEN_DIGITS}
     *                  hex digits, an even count, either case
     * @param topic     the APNs topic: the app's bundle id, 1..{@value PushRegistration#MAX_TOPIC_LENGTH}
     *                  characters of {@code A-Z a-z 0-9 . _ -}
     * @param sandbox   deliver through APNs' development (sandbox) environment, as debug builds need,
     *                  instead of production
     * @return the device's registration after the call
     * @throws IllegalArgumentException when the token or the topic is not valid
     *                                  ({@link PushRegistration#isValidApnsToken},
     *                                  {@link PushRegistration#isValidTopic})
     */
    @NotNull CompletableFuture<PushRegistration> registerPush(@NotNull String apnsToken, @NotNull String topic,
                                                              boolean sandbox);

    /**
     * Removes this device's push registration: call it when the user logs out, so that the device
     * no longer gets the user's notifications. Idempotent: a device without one succeeds too. Sent
     * once; fails at once with {@link ErrorCode#NOT_CONNECTED} while disconnected.
     *
     * @return the device's registration after the call ({@link PushRegistration#registered()} false)
     */
    @NotNull CompletableFuture<PushRegistration> unregisterPush();

    // ---- listeners ----------------------------------------------------------------------------

    void addMessageListener(@NotNull MessageListener listener);

    void removeMessageListener(@NotNull MessageListener listener);

    void addConnectionListener(@NotNull ConnectionListener listener);

    void removeConnectionListener(@NotNull ConnectionListener listener);

    /** Adds a listener of the user's conversation settings; add it before {@link #connect()} to miss nothing. */
    void addConversationListener(@NotNull ConversationListener listener);

    void removeConversationListener(@NotNull ConversationListener listener);

    /** Adds a listener of read positions; add it before {@link #connect()} to miss nothing. */
    void addReadListener(@NotNull ReadListener listener);

    void removeReadListener(@NotNull ReadListener listener);

    /** Adds a listener of the user's contact relations; add it before {@link #connect()} to miss nothing. */
    void addContactListener(@NotNull ContactListener listener);

    void removeContactListener(@NotNull ContactListener listener);

    /** Adds a listener of the presence of the users the client follows. */
    void addPresenceListener(@NotNull PresenceListener listener);

    void removePresenceListener(@NotNull PresenceListener listener);

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
