package io.missive.broker.sync;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

/** Forgets a device's acknowledgement state when its connection ends. Stateless itself. */
@Singleton
public final class SessionEvents implements ClientLifecycleEventListener {

    private final @NotNull DeviceSessions sessions;

    @Inject
    public SessionEvents(final @NotNull DeviceSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void onMqttConnectionStart(final @NotNull ConnectionStartInput input) {
    }

    @Override
    public void onAuthenticationSuccessful(final @NotNull AuthenticationSuccessfulInput input) {
    }

    @Override
    public void onDisconnect(final @NotNull DisconnectEventInput input) {
        sessions.disconnected(input.getClientInformation().getClientId());
    }
}
