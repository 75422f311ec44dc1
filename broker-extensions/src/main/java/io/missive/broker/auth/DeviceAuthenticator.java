package io.missive.broker.auth;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import io.missive.broker.request.Identity;
import io.missive.protocol.ConnectProperties;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Authenticates every CONNECT: username = user id, client id = device id, password = the user's
 * password or a device token. It always decides (never passes to another extension), so a broker
 * running this extension admits nobody it did not check.
 *
 * <p>One instance serves all clients: it keeps no per-connection state (the outcome is written to
 * the connection's own attribute store), so sharing it across HiveMQ's threads is safe.
 */
@Singleton
public final class DeviceAuthenticator implements SimpleAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthenticator.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final @NotNull LoginService logins;
    private final @NotNull ConnectLimits connects;

    @Inject
    public DeviceAuthenticator(final @NotNull LoginService logins, final @NotNull ConnectLimits connects) {
        this.logins = logins;
        this.connects = connects;
    }

    @Override
    public void onConnect(final @NotNull SimpleAuthInput input, final @NotNull SimpleAuthOutput output) {
        final long waitMs = connects.take(input.getConnectionInformation().getInetAddress());
        if (waitMs > 0) {
            output.failAuthentication(ConnackReasonCode.CONNECTION_RATE_EXCEEDED,
                    "too many connections from this address; retry in " + waitMs + " ms");
            return;
        }
        final ConnectPacket connect = input.getConnectPacket();
        final String userId = connect.getUserName().orElse(null);
        final String secret = connect.getPassword().map(DeviceAuthenticator::utf8).orElse(null);
        if (userId == null || secret == null || secret.isEmpty()) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED,
                    "anonymous connections are not allowed: user name and password (or device token) required");
            return;
        }
        if (connect.getWillPublish().isPresent()) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "will messages are not supported");
            return;
        }
        final boolean register = connect.getUserProperties().getFirst(ConnectProperties.REGISTER)
                .map("true"::equalsIgnoreCase).orElse(false);
        final String deviceId = connect.getClientId();
        final Async<SimpleAuthOutput> async = output.async(TIMEOUT, TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_UNAVAILABLE, "authentication timed out");
        logins.login(userId, deviceId, secret, register).whenComplete((decision, error) -> {
            try {
                if (error != null) {
                    final boolean busy = error.getCause() instanceof LoginService.ServerBusyException
                            || error instanceof LoginService.ServerBusyException;
                    if (!busy) {
                        LOG.warn("Login of {} on device {} failed: {}", userId, deviceId, error.toString());
                    }
                    output.failAuthentication(busy ? ConnackReasonCode.SERVER_BUSY : ConnackReasonCode.SERVER_UNAVAILABLE,
                            busy ? "server busy, retry later" : "authentication unavailable");
                } else if (decision.accepted()) {
                    Identity.bind(input.getConnectionInformation().getConnectionAttributeStore(), userId);
                    if (decision.issuedToken() != null) {
                        output.getOutboundUserProperties().addUserProperty(ConnectProperties.DEVICE_TOKEN,
                                decision.issuedToken());
                    }
                    output.authenticateSuccessfully();
                } else {
                    LOG.debug("Refused {} on device {}: {}", userId, deviceId, decision.reason());
                    output.failAuthentication(decision.refusal(), decision.reason());
                }
            } finally {
                async.resume();
            }
        });
    }

    private static @NotNull String utf8(final @NotNull ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
