package io.missive.broker.sync;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import io.missive.broker.cluster.Cluster;
import io.missive.broker.presence.ConnectedDevices;
import io.missive.broker.presence.Presence;
import io.missive.broker.request.Identity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/** Connections starting and ending: presence, the cluster registry, and the acknowledgement state of devices. Stateless itself. */
@Singleton
public final class SessionEvents implements ClientLifecycleEventListener {

    private final @NotNull DeviceSessions sessions;
    private final @NotNull Presence presence;
    private final @NotNull ConnectedDevices connected;
    private final @NotNull Cluster cluster;

    @Inject
    public SessionEvents(final @NotNull DeviceSessions sessions, final @NotNull Presence presence,
                         final @NotNull ConnectedDevices connected, final @NotNull Cluster cluster) {
        this.cluster = cluster;
        this.sessions = sessions;
        this.presence = presence;
        this.connected = connected;
    }

    @Override
    public void onMqttConnectionStart(final @NotNull ConnectionStartInput input) {
    }

    @Override
    public void onAuthenticationSuccessful(final @NotNull AuthenticationSuccessfulInput input) {
        final Identity device = identity(input.getConnectionInformation(), input.getClientInformation().getClientId());
        if (device != null) {
            connected.connected(device);
            cluster.deviceConnected(device.userId());
            presence.connected(device.userId());
        }
    }

    @Override
    public void onDisconnect(final @NotNull DisconnectEventInput input) {
        final String clientId = input.getClientInformation().getClientId();
        final Identity device = identity(input.getConnectionInformation(), clientId);
        if (device != null) {
            sessions.disconnected(device);
            connected.disconnected(device);
            cluster.deviceDisconnected(device.userId());
            presence.disconnected(device);
        }
    }

    /** The device of an authenticated connection; null for one that never authenticated. */
    private static @Nullable Identity identity(final @NotNull ConnectionInformation connection,
                                               final @NotNull String clientId) {
        return Identity.of(connection.getConnectionAttributeStore(), clientId);
    }
}
