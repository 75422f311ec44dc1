package io.missive.broker;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.Authorizer;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.missive.broker.auth.AuthModule;
import io.missive.broker.auth.DeviceAuthenticator;
import io.missive.broker.auth.TopicAuthorizer;
import io.missive.broker.cluster.Cluster;
import io.missive.broker.cluster.ClusterModule;
import io.missive.broker.config.ConfigLoader;
import io.missive.broker.config.ConfigModule;
import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.config.InvalidConfigException;
import io.missive.broker.contact.ContactModule;
import io.missive.broker.conversation.ConversationModule;
import io.missive.broker.counters.Counters;
import io.missive.broker.counters.CountersModule;
import io.missive.broker.device.DeviceModule;
import io.missive.broker.group.GroupModule;
import io.missive.broker.health.HealthChecks;
import io.missive.broker.links.DenyListFile;
import io.missive.broker.links.LinkPolicy;
import io.missive.broker.links.LinksModule;
import io.missive.broker.messaging.DeferredWrites;
import io.missive.broker.messaging.FanoutRecovery;
import io.missive.broker.messaging.FanoutTracker;
import io.missive.broker.messaging.MessagingModule;
import io.missive.broker.metrics.Metrics;
import io.missive.broker.metrics.MetricsModule;
import io.missive.broker.presence.Presence;
import io.missive.broker.presence.PresenceModule;
import io.missive.broker.push.ApnsGateway;
import io.missive.broker.push.PushModule;
import io.missive.broker.push.Pushes;
import io.missive.broker.read.ReadModule;
import io.missive.broker.request.Replies;
import io.missive.broker.request.RequestModule;
import io.missive.broker.request.UplinkInterceptor;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.StoreModule;
import io.missive.broker.store.Workers;
import io.missive.broker.sync.CursorWrites;
import io.missive.broker.sync.SessionEvents;
import io.missive.broker.sync.SyncModule;
import io.missive.storage.MongoStores;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wires and starts the Missive extension: configuration first (a bad key stops the start with a
 * message naming it), then the wiring (a request case that no feature answers stops the start),
 * then MongoDB (unreachable: the start is refused, so the broker — which admits nobody without an
 * authenticator — stays closed), then the authenticator, the topic authorizer and the uplink
 * interceptor, the metrics and the health checks.
 *
 * <p>The JVM system property {@value #STATE_PROPERTY} tells an embedding process whether the
 * extension runs: {@code started}, or {@code failed: <reason>}.
 */
public final class MissiveExtensionMain implements ExtensionMain {

    public static final @NotNull String STATE_PROPERTY = "missive.extension.state";
    private static final Logger LOG = LoggerFactory.getLogger(MissiveExtensionMain.class);
    private static final long STORE_TIMEOUT_SECONDS = 20;
    private static final long RECOVERY_TIMEOUT_SECONDS = 20;

    private @Nullable Injector injector;

    @Override
    public void extensionStart(final @NotNull ExtensionStartInput input, final @NotNull ExtensionStartOutput output) {
        final ExtensionConfig config;
        try {
            config = new ConfigLoader(System.getenv()).load(input.getExtensionInformation().getExtensionHomeFolder().toPath());
        } catch (final InvalidConfigException e) {
            fail(output, e.getMessage());
            return;
        }
        try {
            injector = Guice.createInjector(Stage.PRODUCTION, modules(config, Services.metricRegistry()));
        } catch (final RuntimeException e) {
            fail(output, "Missive extension could not be set up: " + rootMessage(e));
            return;
        }
        try {
            final MongoStores stores = injector.getInstance(MongoStores.class);
            stores.ensureIndexes().get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // this server's fan-out checkpoint exists before it stores anything
            injector.getInstance(FanoutTracker.class).start().get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final Exception e) {
            close();
            fail(output, "MongoDB at " + config.mongoUri() + " is not usable: " + rootMessage(e));
            return;
        }
        recoverFanout(injector);
        // the work each component does on its own (flushing, reconciling, retransmitting) starts now
        injector.getInstance(Key.get(new TypeLiteral<Set<Periodic>>() {
        })).forEach(Periodic::start);
        final DeviceAuthenticator authenticator = injector.getInstance(DeviceAuthenticator.class);
        final Authorizer authorizer = injector.getInstance(TopicAuthorizer.class);
        final UplinkInterceptor uplink = injector.getInstance(UplinkInterceptor.class);
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
        Services.initializerRegistry().setClientInitializer(
                (initializerInput, clientContext) -> clientContext.addPublishInboundInterceptor(uplink));
        final SessionEvents sessionEvents = injector.getInstance(SessionEvents.class);
        Services.eventRegistry().setClientLifecycleEventListener(providerInput -> sessionEvents);
        registerMetrics(injector);
        injector.getInstance(HealthChecks.class).start();
        System.setProperty(STATE_PROPERTY, "started");
        LOG.info("Missive extension started (MongoDB database '{}')", config.mongoDatabase());
    }

    /**
     * The extension's modules: configuration, metrics, the stores, authentication, the request
     * path, and each feature with the request cases it answers. Creating the injector checks that
     * every request case has exactly one handler.
     */
    static @NotNull List<Module> modules(final @NotNull ExtensionConfig config, final @NotNull MetricRegistry registry) {
        final List<Module> modules = new ArrayList<>(features(config, registry));
        modules.add(new BrokerServicesModule());
        return modules;
    }

    /** {@link #modules} but the broker's services: what runs without a broker, given a {@code Publisher} and a {@code ClientService}. */
    public static @NotNull List<Module> features(final @NotNull ExtensionConfig config,
                                                 final @NotNull MetricRegistry registry) {
        return List.of(new ConfigModule(config), new MetricsModule(registry), new StoreModule(), new AuthModule(),
                new RequestModule(), new MessagingModule(), new SyncModule(), new DeviceModule(), new GroupModule(),
                new ConversationModule(), new ReadModule(), new ContactModule(), new PresenceModule(),
                new PushModule(), new CountersModule(), new LinksModule(config.links()), new ClusterModule());
    }

    /**
     * Finishes the fan-out a crash cut short before any device is admitted: a message stored before
     * the crash must enter its recipients' streams before the messages sent after the restart, or
     * a device would see a conversation out of order. Bounded: if the store is too slow, devices
     * are admitted anyway and the recovery goes on in the background.
     */
    private static void recoverFanout(final @NotNull Injector injector) {
        final CompletableFuture<Integer> recovery = injector.getInstance(FanoutRecovery.class).run();
        recovery.whenComplete((count, error) -> {
            if (error != null) {
                LOG.warn("Fan-out recovery failed; it runs again at the next start: {}", error.toString());
            }
        });
        try {
            recovery.get(RECOVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final TimeoutException e) {
            LOG.warn("Fan-out recovery still running after {} s; admitting devices while it finishes",
                    RECOVERY_TIMEOUT_SECONDS);
        } catch (final ExecutionException e) {
            // logged above
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Gauges next to the meters and timers of {@link Metrics} in HiveMQ's metric registry (so that
     * HiveMQ's own metric exporters publish them): what the stores cost, what live delivery shed,
     * what push did, and the health of MongoDB, Redis and APNs (1 up, 0 down, -1 not configured).
     */
    private static void registerMetrics(final @NotNull Injector injector) {
        final Metrics metrics = injector.getInstance(Metrics.class);
        final MongoStores stores = injector.getInstance(MongoStores.class);
        final Replies replies = injector.getInstance(Replies.class);
        metrics.gauge("mongo.commands", (Gauge<Long>) stores::commandCount);
        metrics.gauge("groups.live-events-shed", (Gauge<Long>) replies::shedLiveEvents);
        final DenyListFile denyList = injector.getInstance(DenyListFile.class);
        metrics.gauge("links.deny-list.domains", (Gauge<Integer>) () -> denyList.current().size());
        final Counters counters = injector.getInstance(Counters.class);
        metrics.gauge("redis.commands", (Gauge<Long>) counters::redisCommands);
        metrics.gauge("counters.users-awaiting-reconciliation", (Gauge<Integer>) counters::markedUsers);
        final ApnsGateway apns = injector.getInstance(ApnsGateway.class);
        metrics.gauge("push.sent", (Gauge<Long>) apns::sent);
        metrics.gauge("push.failed", (Gauge<Long>) apns::failed);
        metrics.gauge("push.retried", (Gauge<Long>) apns::retried);
        metrics.gauge("push.dropped", (Gauge<Long>) apns::dropped);
        metrics.gauge("push.tokens-removed", (Gauge<Long>) apns::tokensRemoved);
        metrics.gauge("push.credential-refusals", (Gauge<Long>) apns::credentialRefusals);
        metrics.gauge("push.pending", (Gauge<Integer>) apns::pending);
        final HealthChecks health = injector.getInstance(HealthChecks.class);
        final Cluster cluster = injector.getInstance(Cluster.class);
        metrics.gauge("cluster.nodes-alive", (Gauge<Integer>) cluster::nodesAlive);
        metrics.gauge("cluster.relayed", (Gauge<Long>) () -> cluster.stats().relayed());
        metrics.gauge("cluster.relay-messages", (Gauge<Long>) () -> cluster.stats().relayMessages());
        metrics.gauge("cluster.received", (Gauge<Long>) () -> cluster.stats().received());
        metrics.gauge("cluster.dropped", (Gauge<Long>) () -> cluster.stats().dropped());
        metrics.gauge("cluster.registry-lookups", (Gauge<Long>) () -> cluster.stats().lookups());
        metrics.gauge("cluster.redis-commands", (Gauge<Long>) cluster::redisCommands);
        metrics.gauge("cluster.queued", (Gauge<Integer>) cluster::queued);
        metrics.gauge("health.mongo", (Gauge<Integer>) () -> health.mongo().gaugeValue());
        metrics.gauge("health.redis", (Gauge<Integer>) () -> health.redis().gaugeValue());
        metrics.gauge("health.apns", (Gauge<Integer>) () -> health.apns().gaugeValue());
    }

    @Override
    public void extensionStop(final @NotNull ExtensionStopInput input, final @NotNull ExtensionStopOutput output) {
        if (injector != null) {
            try {
                injector.getInstance(DeferredWrites.class).flush().get(5, TimeUnit.SECONDS);
                injector.getInstance(Counters.class).flush().get(5, TimeUnit.SECONDS);
                injector.getInstance(Pushes.class).flush().get(5, TimeUnit.SECONDS);
                injector.getInstance(CursorWrites.class).flush().get(5, TimeUnit.SECONDS);
                injector.getInstance(Presence.class).flush().get(5, TimeUnit.SECONDS);
                injector.getInstance(FanoutTracker.class).stop().get(5, TimeUnit.SECONDS);
                injector.getInstance(Cluster.class).leave().get(2, TimeUnit.SECONDS);
            } catch (final Exception e) {
                LOG.warn("Could not flush deferred writes at stop; recovery redoes them: {}", e.toString());
            }
        }
        final Workers workers = injector != null ? injector.getInstance(Workers.class) : null;
        close();
        if (workers != null) {
            workers.releaseLibraryThreads();
        }
        System.clearProperty(STATE_PROPERTY);
        LOG.info("Missive extension stopped");
    }

    private void close() {
        if (injector != null) {
            injector.getInstance(Workers.class).close();
            injector.getInstance(Pushes.class).close();
            injector.getInstance(LinkPolicy.class).close();
            injector.getInstance(Counters.class).close();
            injector.getInstance(Cluster.class).close();
            injector.getInstance(MongoStores.class).close();
            injector.getInstance(Metrics.class).close();
            injector = null;
        }
    }

    private static void fail(final @NotNull ExtensionStartOutput output, final @NotNull String reason) {
        LOG.error("Missive extension not started: {}", reason);
        System.setProperty(STATE_PROPERTY, "failed: " + reason);
        output.preventExtensionStartup(reason);
    }

    private static @NotNull String rootMessage(final @NotNull Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
