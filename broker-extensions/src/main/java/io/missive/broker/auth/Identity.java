package io.missive.broker.auth;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import io.missive.protocol.Topics;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * Who is on a connection: the user and device proven at CONNECT. Kept in HiveMQ's per-connection
 * attribute store, so it lives and dies with the connection and no payload can change it.
 */
public final class Identity {

    private static final @NotNull String USER_ATTRIBUTE = "missive.user";

    private final @NotNull String userId;
    private final @NotNull String deviceId;

    public Identity(final @NotNull String userId, final @NotNull String deviceId) {
        this.userId = userId;
        this.deviceId = deviceId;
    }

    /** Records the authenticated user on the connection. */
    public static void bind(final @NotNull ConnectionAttributeStore store, final @NotNull String userId) {
        store.putAsString(USER_ATTRIBUTE, userId);
    }

    /** The identity of an authenticated connection, or null if it has none. */
    public static @Nullable Identity of(final @NotNull ConnectionAttributeStore store, final @NotNull String clientId) {
        return store.getAsString(USER_ATTRIBUTE).map(user -> new Identity(user, clientId)).orElse(null);
    }

    public @NotNull String userId() {
        return userId;
    }

    public @NotNull String deviceId() {
        return deviceId;
    }

    public @NotNull String uplinkTopic() {
        return Topics.uplink(userId, deviceId);
    }

    public @NotNull String userTopic() {
        return Topics.userStream(userId);
    }

    public @NotNull String replyTopic() {
        return Topics.deviceReplies(userId, deviceId);
    }
}
