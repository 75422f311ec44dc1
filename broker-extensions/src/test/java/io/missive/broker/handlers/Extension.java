package io.missive.broker.handlers;

import com.codahale.metrics.MetricRegistry;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.missive.broker.MissiveExtensionMain;
import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.config.RateLimitSettings;
import io.missive.broker.messaging.FanoutTracker;
import io.missive.broker.request.Identity;
import io.missive.broker.request.Publisher;
import io.missive.broker.request.RequestException;
import io.missive.broker.request.UplinkRouter;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.Uplink;
import io.missive.storage.MongoStores;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The extension's real handlers, wired as in the broker but without one: the MongoDB driver talks over
 * TCP to a MongoDB-wire server on an in-memory H2 database (the embedded store's engine), and what the extension publishes to devices is recorded
 * instead ({@link Published}), as are the connections it closes. No Redis (no unread counters) and no
 * APNs. Requests go in through the router, as the broker's interceptor hands them over.
 *
 * <p>One is {@link #shared()} by the test classes of a JVM: each makes its own users, so none sees
 * another's data.
 */
final class Extension implements AutoCloseable {

    private static @org.jetbrains.annotations.Nullable Extension shared;

    /** The extension the handler tests of this JVM share, started by the first, closed when the JVM exits. */
    static synchronized @NotNull Extension shared() {
        if (shared == null) {
            final Extension started = new Extension();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "handler-tests-extension-close"));
            shared = started;
        }
        return shared;
    }

    /** A message the extension handed to the broker. */
    record Published(@NotNull String topic, byte @NotNull [] payload, @Nullable ByteBuffer correlation) {
    }

    /** What a request came to: the PUBACK outcome (null: success) and the reply on the device's topic. */
    record Answer(@Nullable RequestException refusal, @NotNull Reply reply) {
    }

    private final @NotNull MongoServer mongo = new MongoServer(H2Backend.inMemory());
    private final @NotNull ConcurrentLinkedQueue<Published> published = new ConcurrentLinkedQueue<>();
    private final @NotNull ConcurrentLinkedQueue<String> disconnected = new ConcurrentLinkedQueue<>();
    private final @NotNull Injector injector;
    private final @NotNull UplinkRouter router;

    Extension() {
        final String uri = "mongodb://127.0.0.1:" + mongo.bind().getPort();
        final ExtensionConfig config = new ExtensionConfig(uri, "missive_handlers", 65_536, false, 5, 60, 500)
                .with(RateLimitSettings.OFF);
        final Publisher recorder = (topic, payload, correlation) -> {
            published.add(new Published(topic, payload, correlation));
            return CompletableFuture.completedFuture(null);
        };
        final ClientService clients = (ClientService) Proxy.newProxyInstance(ClientService.class.getClassLoader(),
                new Class<?>[]{ClientService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("disconnectClient")) {
                        disconnected.add((String) args[0]);
                        return CompletableFuture.completedFuture(true);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        final List<com.google.inject.Module> modules = new java.util.ArrayList<>(
                MissiveExtensionMain.features(config, new MetricRegistry()));
        modules.add(new AbstractModule() {
            @Override
            protected void configure() {
                bind(Publisher.class).toInstance(recorder);
                bind(ClientService.class).toInstance(clients);
            }
        });
        injector = Guice.createInjector(Stage.PRODUCTION, modules);
        join(stores().ensureIndexes());
        join(injector.getInstance(FanoutTracker.class).start());
        injector.getInstance(Key.get(new TypeLiteral<Set<Periodic>>() {
        })).forEach(Periodic::start);
        router = injector.getInstance(UplinkRouter.class);
    }

    @NotNull MongoStores stores() {
        return injector.getInstance(MongoStores.class);
    }

    <T> @NotNull T get(final @NotNull Class<T> type) {
        return injector.getInstance(type);
    }

    /** Creates a user (no password: these tests never log in) and returns its id. */
    @NotNull String user(final @NotNull String userId) {
        join(stores().users().create(userId, "not-a-password-hash", userId));
        return userId;
    }

    /** Records a logged-in device of the user (as a password login does), and returns its identity. */
    @NotNull Identity device(final @NotNull String userId, final @NotNull String deviceId) {
        if (!join(stores().devices().issueToken(deviceId, userId, "token-hash-of-" + deviceId))) {
            throw new AssertionError(deviceId + " belongs to another user");
        }
        return new Identity(userId, deviceId);
    }

    /** Sends the request as the device and waits for its outcome and its reply. */
    @NotNull Answer request(final @NotNull Identity device, final @NotNull Uplink uplink) {
        final ByteBuffer correlation = ByteBuffer.wrap(java.util.UUID.randomUUID().toString().getBytes());
        final RequestException refusal = join(router.handle(device, uplink.toByteArray(), device.replyTopic(),
                correlation.duplicate()));
        final Published reply = await().atMost(Duration.ofSeconds(10)).until(() -> published.stream()
                .filter(p -> p.correlation() != null && p.correlation().equals(correlation)).findFirst().orElse(null),
                p -> p != null);
        published.remove(reply);
        try {
            return new Answer(refusal, Reply.parseFrom(reply.payload()));
        } catch (final com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("the reply is not a Reply", e);
        }
    }

    /** The sync events published so far to the user's topic, in order. */
    @NotNull List<SyncEvent> events(final @NotNull String userId) {
        final String topic = io.missive.protocol.Topics.userStream(userId);
        return published.stream().filter(p -> p.topic().equals(topic)).map(p -> {
            try {
                return SyncEvent.parseFrom(p.payload());
            } catch (final com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError("not a SyncEvent on " + topic, e);
            }
        }).collect(Collectors.toList());
    }

    /** The client ids whose connections the extension closed. */
    @NotNull List<String> disconnected() {
        return List.copyOf(disconnected);
    }

    private static <T> T join(final @NotNull CompletableFuture<T> future) {
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        injector.getInstance(Workers.class).close();
        stores().close();
        mongo.shutdownNow();
    }
}
