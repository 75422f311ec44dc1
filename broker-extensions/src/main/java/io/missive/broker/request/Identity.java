package io.missive.broker.request;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import io.missive.protocol.Topics;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is on a connection: the user and device proven at CONNECT. Kept in HiveMQ's per-connection
 * attribute store, so it lives and dies with the connection and no payload can change it.
 */
public final class Identity {

    private static final @NotNull String USER_ATTRIBUTE = "missive.user";
    private static final @NotNull String CONNECTION_ATTRIBUTE = "missive.connection";
    /** Numbers connections, so that a device's old connection ending late cannot touch its new one. */
    private static final @NotNull AtomicLong CONNECTIONS = new AtomicLong();

    private final @NotNull String userId;
    private final @NotNull String deviceId;
    private final long connection;

    public Identity(final @NotNull String userId, final @NotNull String deviceId) {
        this(userId, deviceId, 0);
    }

    private Identity(final @NotNull String userId, final @NotNull String deviceId, final long connection) {
        this.userId = userId;
        this.deviceId = deviceId;
        this.connection = connection;
    }

    /** Records the authenticated user on the connection, with a number of its own. */
    public static void bind(final @NotNull ConnectionAttributeStore store, final @NotNull String userId) {
        store.putAsString(USER_ATTRIBUTE, userId);
        store.putAsString(CONNECTION_ATTRIBUTE, Long.toString(CONNECTIONS.incrementAndGet()));
    }

    /** The identity of an authenticated connection, or null if it has none. */
    public static @Nullable Identity of(final @NotNull ConnectionAttributeStore store, final @NotNull String clientId) {
        final long connection = store.getAsString(CONNECTION_ATTRIBUTE).map(Long::parseLong).orElse(0L);
        return store.getAsString(USER_ATTRIBUTE).map(user -> new Identity(user, clientId, connection)).orElse(null);
    }

    /** This connection of the device: the device id with the connection's number. */
    public @NotNull String connectionKey() {
        return deviceId + "#" + connection;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Identity)) {
            return false;
        }
        final Identity other = (Identity) o;
        return connection == other.connection && userId.equals(other.userId) && deviceId.equals(other.deviceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, deviceId, connection);
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
