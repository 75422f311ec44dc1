package io.missive.server;

import com.eatthepath.json.JsonParser;
import com.eatthepath.pushy.apns.ApnsPushNotification;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.auth.AuthenticationToken;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.ParsingMockApnsServerListenerAdapter;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.UnregisteredDeviceTokenException;
import io.missive.server.push.MockApnsCredentials;
import io.netty.buffer.ByteBuf;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.http2.Http2Headers;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Pushy's real {@link MockApnsServer} over TLS on 127.0.0.1, for tests: it checks every request's
 * provider token against the verification key (a wrong key gets {@code InvalidProviderToken}),
 * records what it accepted, and can be told to reject tokens, to answer every request with an
 * error, or to go away and come back on the same port.
 */
public final class MockApns implements AutoCloseable {

    private final @NotNull MockApnsCredentials credentials;
    private final @NotNull ApnsVerificationKey verificationKey;
    private final @NotNull NioEventLoopGroup loop = new NioEventLoopGroup(1);
    private final @NotNull Path dir;
    private final @NotNull List<Received> accepted = new CopyOnWriteArrayList<>();
    private final @NotNull Map<String, RejectionReason> rejected = new ConcurrentHashMap<>();
    private final @NotNull Map<String, Boolean> unregistered = new ConcurrentHashMap<>();
    private final @NotNull AtomicReference<RejectionReason> failEverything = new AtomicReference<>();
    private final @NotNull AtomicInteger requests = new AtomicInteger();
    private final @NotNull AtomicReference<CountDownLatch> held = new AtomicReference<>();
    private @Nullable MockApnsServer server;
    private int port;

    private MockApns(final @NotNull MockApnsCredentials credentials) {
        this.credentials = credentials;
        try {
            this.verificationKey = new ApnsVerificationKey(MockApnsCredentials.KEY_ID, MockApnsCredentials.TEAM_ID,
                    credentials.verificationKey());
            this.dir = Files.createTempDirectory("missive-apns-");
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A mock server on a free port. */
    public static @NotNull MockApns start() {
        final MockApns apns = new MockApns(MockApnsCredentials.generate());
        apns.listen(0);
        return apns;
    }

    private synchronized void listen(final int onPort) {
        try {
            final MockApnsServer started = new MockApnsServerBuilder()
                    .setServerCredentials(new X509Certificate[]{credentials.certificate()}, credentials.tlsKey(), null)
                    .setEventLoopGroup(loop)
                    .setHandlerFactory(session -> this::handle)
                    .setListener(new Recorder())
                    .build();
            port = started.start(onPort).get(10, TimeUnit.SECONDS);
            server = started;
        } catch (final Exception e) {
            throw new IllegalStateException("mock APNs did not start on port " + onPort, e);
        }
    }

    /** Sets the extension's push.apns.* keys so that it sends here, signing with the right key. */
    public @NotNull Consumer<ServerConfig.Builder> configure() {
        return builder -> settings(credentials).forEach(builder::set);
    }

    /** As {@link #configure()}, but signing with another key than the one this server verifies with. */
    public @NotNull Consumer<ServerConfig.Builder> configureWithWrongKey() {
        return builder -> settings(MockApnsCredentials.generate()).forEach(builder::set);
    }

    private @NotNull Map<String, String> settings(final @NotNull MockApnsCredentials signing) {
        try {
            final Path sub = Files.createTempDirectory(dir, "keys-");
            final Map<String, String> ours = credentials.writeExtensionSettings(sub.resolve("tls"), "127.0.0.1", port);
            final Map<String, String> theirs = signing.writeExtensionSettings(sub.resolve("key"), "127.0.0.1", port);
            ours.put("push.apns.key-file", theirs.get("push.apns.key-file"));
            return ours;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(final Http2Headers headers, final ByteBuf payload)
            throws RejectedNotificationException {
        requests.incrementAndGet();
        final CountDownLatch hold = held.get();
        if (hold != null) {
            try {
                // a slow APNs: the answer comes when the test releases it (or after 30 s)
                hold.await(30, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        final RejectionReason failure = failEverything.get();
        if (failure != null) {
            throw new RejectedNotificationException(failure);
        }
        final CharSequence authorization = headers.get("authorization");
        if (authorization == null || !authorization.toString().startsWith("bearer ")) {
            throw new RejectedNotificationException(RejectionReason.MISSING_PROVIDER_TOKEN);
        }
        final AuthenticationToken token;
        try {
            token = new AuthenticationToken(authorization.toString().substring("bearer ".length()));
        } catch (final RuntimeException e) {
            throw new RejectedNotificationException(RejectionReason.INVALID_PROVIDER_TOKEN);
        }
        if (!MockApnsCredentials.KEY_ID.equals(token.getKeyId()) || !MockApnsCredentials.TEAM_ID.equals(token.getTeamId())
                || !token.verifySignature(verificationKey)) {
            throw new RejectedNotificationException(RejectionReason.INVALID_PROVIDER_TOKEN);
        }
        final String path = String.valueOf(headers.path());
        final String deviceToken = path.substring(path.lastIndexOf('/') + 1);
        if (unregistered.containsKey(deviceToken)) {
            throw new UnregisteredDeviceTokenException(Instant.now());
        }
        final RejectionReason reason = rejected.get(deviceToken);
        if (reason != null) {
            throw new RejectedNotificationException(reason);
        }
    }

    /** APNs will answer this token with BadDeviceToken (400). */
    public void rejectAsBadDeviceToken(final @NotNull String token) {
        rejected.put(token.toLowerCase(Locale.ROOT), RejectionReason.BAD_DEVICE_TOKEN);
    }

    /** APNs will answer this token with Unregistered (410): the app was removed. */
    public void unregister(final @NotNull String token) {
        unregistered.put(token.toLowerCase(Locale.ROOT), true);
    }

    /** Every request is answered with this failure (null: normal answers again). */
    public void failEverything(final @Nullable RejectionReason reason) {
        failEverything.set(reason);
    }

    /** Requests from now on get no answer until {@link #release()}. */
    public void hold() {
        held.set(new CountDownLatch(1));
    }

    /** Answers the held requests and stops holding. */
    public void release() {
        final CountDownLatch hold = held.getAndSet(null);
        if (hold != null) {
            hold.countDown();
        }
    }

    /** Shuts the server down (connections drop, new ones are refused). */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown().join();
            server = null;
        }
    }

    /** Starts it again on the same port. */
    public synchronized void restart() {
        stop();
        listen(port);
    }

    public int port() {
        return port;
    }

    /** Requests that reached the handler (accepted or not). */
    public int requests() {
        return requests.get();
    }

    public @NotNull List<Received> accepted() {
        return List.copyOf(accepted);
    }

    public @NotNull List<Received> acceptedFor(final @NotNull String token) {
        final String lower = token.toLowerCase(Locale.ROOT);
        return accepted.stream().filter(r -> r.token().equals(lower)).collect(Collectors.toList());
    }

    @Override
    public void close() {
        release();
        stop();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A notification the server accepted, with its payload parsed. */
    public record Received(@NotNull String token, @NotNull String topic, @Nullable String collapseId,
                           @NotNull DeliveryPriority priority, @Nullable PushType pushType,
                           @NotNull Map<String, Object> payload) {

        @SuppressWarnings("unchecked")
        public @NotNull Map<String, Object> aps() {
            return (Map<String, Object>) payload.get("aps");
        }

        @SuppressWarnings("unchecked")
        public @Nullable Map<String, Object> alert() {
            return (Map<String, Object>) aps().get("alert");
        }

        public @Nullable Long badge() {
            final Object badge = aps().get("badge");
            return badge == null ? null : ((Number) badge).longValue();
        }
    }

    private final class Recorder extends ParsingMockApnsServerListenerAdapter {
        @Override
        public void handlePushNotificationAccepted(final @NotNull ApnsPushNotification n) {
            try {
                accepted.add(new Received(n.getToken(), n.getTopic(), n.getCollapseId(), n.getPriority(),
                        n.getPushType(), new JsonParser().parseJsonObject(n.getPayload())));
            } catch (final ParseException e) {
                throw new IllegalStateException("unparsable payload " + n.getPayload(), e);
            }
        }

        @Override
        public void handlePushNotificationRejected(final @NotNull ApnsPushNotification n,
                                                   final @NotNull RejectionReason reason, final Instant expiry) {
        }
    }
}
