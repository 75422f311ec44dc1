package io.missive.broker.health;

import com.eatthepath.pushy.apns.ApnsClientBuilder;
import io.missive.broker.config.PushSettings;
import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether the APNs servers the extension sends to accept TCP connections: the configured
 * {@code push.apns.server}, or Apple's production and development servers. Only a connect (no TLS,
 * no request): cheap for both sides, and what fails when the network or a firewall is in the way.
 * Blocks for up to the timeout per server: run it on a thread of its own.
 */
final class ApnsProbe {

    private final @NotNull List<InetSocketAddress> servers;

    ApnsProbe(final @NotNull PushSettings push) {
        if (!push.enabled()) {
            servers = List.of();
        } else if (!push.host().isEmpty()) {
            servers = List.of(InetSocketAddress.createUnresolved(push.host(), push.port()));
        } else {
            servers = List.of(
                    InetSocketAddress.createUnresolved(ApnsClientBuilder.PRODUCTION_APNS_HOST,
                            ApnsClientBuilder.DEFAULT_APNS_PORT),
                    InetSocketAddress.createUnresolved(ApnsClientBuilder.DEVELOPMENT_APNS_HOST,
                            ApnsClientBuilder.DEFAULT_APNS_PORT));
        }
    }

    boolean enabled() {
        return !servers.isEmpty();
    }

    /** True when every server accepted a connection within the timeout. */
    boolean reachable(final int timeoutMs) {
        for (final InetSocketAddress server : servers) {
            // resolved at every check: DNS may change, and a failed lookup is a failed check
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(server.getHostString(), server.getPort()), timeoutMs);
            } catch (final IOException | RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public @NotNull String toString() {
        return servers.stream().map(s -> s.getHostString() + ":" + s.getPort()).collect(Collectors.joining(", "));
    }
}
