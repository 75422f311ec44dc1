package io.missive.broker.presence;

import io.missive.broker.request.Identity;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices with a live connection to this node. Counted per device: when a device reconnects,
 * HiveMQ may report the old connection's end after the new one's start, and the device stays
 * connected through that.
 */
@Singleton
public final class ConnectedDevices {

    private final @NotNull ConcurrentHashMap<String, Integer> connections = new ConcurrentHashMap<>();

    public void connected(final @NotNull Identity device) {
        connections.merge(key(device.userId(), device.deviceId()), 1, Integer::sum);
    }

    public void disconnected(final @NotNull Identity device) {
        connections.computeIfPresent(key(device.userId(), device.deviceId()), (k, n) -> n <= 1 ? null : n - 1);
    }

    public boolean connected(final @NotNull String userId, final @NotNull String deviceId) {
        return connections.containsKey(key(userId, deviceId));
    }

    private static @NotNull String key(final @NotNull String userId, final @NotNull String deviceId) {
        return userId + '/' + deviceId;
    }
}
