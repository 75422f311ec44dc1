package io.missive.server.push;

import com.eatthepath.pushy.apns.ApnsPushNotification;
import com.eatthepath.pushy.apns.server.AcceptAllPushNotificationHandlerFactory;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.ParsingMockApnsServerListenerAdapter;
import com.eatthepath.pushy.apns.server.RejectionReason;
import io.netty.channel.nio.NioEventLoopGroup;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pushy's mock APNs server for development ({@code push.mock-apns=true}): it accepts every
 * notification and logs it, so that an app developer sees what a phone would get without Apple.
 * The server makes fresh credentials at every start and points the extension at itself.
 */
public final class DevApnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevApnsServer.class);

    private final @NotNull MockApnsServer server;
    private final @NotNull NioEventLoopGroup loop;
    private final int port;
    private final @NotNull Map<String, String> extensionSettings;

    private DevApnsServer(final @NotNull MockApnsServer server, final @NotNull NioEventLoopGroup loop, final int port,
                          final @NotNull Map<String, String> extensionSettings) {
        this.server = server;
        this.loop = loop;
        this.port = port;
        this.extensionSettings = extensionSettings;
    }

    /** Starts it on 127.0.0.1:port (0: a free port); writes its credentials into dir. */
    public static @NotNull DevApnsServer start(final @NotNull Path dir, final int port) throws IOException {
        final MockApnsCredentials credentials = MockApnsCredentials.generate();
        final NioEventLoopGroup loop = new NioEventLoopGroup(1);
        try {
            final MockApnsServer server = new MockApnsServerBuilder()
                    .setServerCredentials(new X509Certificate[]{credentials.certificate()},
                            credentials.tlsKey(), null)
                    .setEventLoopGroup(loop)
                    .setHandlerFactory(new AcceptAllPushNotificationHandlerFactory())
                    .setListener(new Logging())
                    .build();
            final int bound = server.start(port).get(10, TimeUnit.SECONDS);
            LOG.info("Mock APNs server (development only) on 127.0.0.1:{}; notifications are logged", bound);
            return new DevApnsServer(server, loop, bound,
                    credentials.writeExtensionSettings(dir, "127.0.0.1", bound));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("interrupted while starting the mock APNs server", e);
        } catch (final ExecutionException | TimeoutException | IOException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("cannot start the mock APNs server on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** The push.apns.* settings that point the extension at this server. */
    public @NotNull Map<String, String> extensionSettings() {
        return extensionSettings;
    }

    @Override
    public void close() {
        try {
            server.shutdown().get(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final ExecutionException | TimeoutException e) {
            LOG.debug("Mock APNs server did not stop cleanly: {}", e.toString());
        }
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    private static final class Logging extends ParsingMockApnsServerListenerAdapter {
        @Override
        public void handlePushNotificationAccepted(final @NotNull ApnsPushNotification notification) {
            LOG.info("Mock APNs accepted a notification for token {}… (topic {}, collapse id {}): {}",
                    notification.getToken().substring(0, Math.min(8, notification.getToken().length())),
                    notification.getTopic(), notification.getCollapseId(), notification.getPayload());
        }

        @Override
        public void handlePushNotificationRejected(final @NotNull ApnsPushNotification notification,
                                                   final @NotNull RejectionReason reason,
                                                   final Instant deviceTokenExpiration) {
            LOG.info("Mock APNs rejected a notification: {}", reason);
        }
    }
}
