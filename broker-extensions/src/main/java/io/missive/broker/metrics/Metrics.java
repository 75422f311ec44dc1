package io.missive.broker.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.TimeUnit;

/**
 * The extension's own metrics, in HiveMQ's metric registry (Dropwizard), so that whatever exports
 * that registry (HiveMQ's Prometheus extension, JMX, {@code im-server}'s {@code /metrics}) publishes
 * them too. Every name starts with {@value #PREFIX}; docs/metrics.md lists them.
 *
 * <p>One instance per start of the extension: it first removes what an earlier start left in the
 * registry (the registry outlives the extension) and {@link #close()} removes them again at stop,
 * so that no gauge keeps the stopped extension's classes alive. Recording never blocks: meters
 * add to striped counters, timers use a lock-free reservoir.
 */
@Singleton
public final class Metrics implements AutoCloseable {

    public static final @NotNull String PREFIX = "io.missive.";
    /** Meter: sends acknowledged to their device (newly stored, or found stored for a resend). */
    public static final @NotNull String MESSAGES_RECEIVED = PREFIX + "messages.received";
    /** Meter: messages stored with a new seq (resends are not stored again). */
    public static final @NotNull String MESSAGES_STORED = PREFIX + "messages.stored";
    /** Meter: sends answered with an error (invalid, not allowed, or failed). */
    public static final @NotNull String MESSAGES_REFUSED = PREFIX + "messages.refused";
    /** Meter: live events published on users' topics (sync-stream entries and live-only group events). */
    public static final @NotNull String DELIVERIES_PUBLISHED = PREFIX + "deliveries.published";
    /** Meter: sync pages served (answers to SyncRequests: resume after a reconnect). */
    public static final @NotNull String SYNC_PAGES = PREFIX + "sync.pages";
    /** Meter: sync acknowledgements whose cursor was stored. */
    public static final @NotNull String SYNC_ACKS = PREFIX + "sync.acks";
    /** Timer: MongoDB commands, from sending to their answer (or failure). */
    public static final @NotNull String MONGO_LATENCY = PREFIX + "mongo.command-latency";
    /** Timer: Redis commands (counter scripts and reads), from sending to their answer (or failure). */
    public static final @NotNull String REDIS_LATENCY = PREFIX + "redis.command-latency";

    private final @NotNull MetricRegistry registry;
    private final @NotNull Meter messagesReceived;
    private final @NotNull Meter messagesStored;
    private final @NotNull Meter messagesRefused;
    private final @NotNull Meter deliveriesPublished;
    private final @NotNull Meter syncPages;
    private final @NotNull Meter syncAcks;
    private final @NotNull Timer mongoLatency;
    private final @NotNull Timer redisLatency;

    @Inject
    public Metrics(final @NotNull MetricRegistry registry) {
        this.registry = registry;
        removeAll();
        messagesReceived = registry.register(MESSAGES_RECEIVED, new Meter());
        messagesStored = registry.register(MESSAGES_STORED, new Meter());
        messagesRefused = registry.register(MESSAGES_REFUSED, new Meter());
        deliveriesPublished = registry.register(DELIVERIES_PUBLISHED, new Meter());
        syncPages = registry.register(SYNC_PAGES, new Meter());
        syncAcks = registry.register(SYNC_ACKS, new Meter());
        mongoLatency = registry.register(MONGO_LATENCY, timer());
        redisLatency = registry.register(REDIS_LATENCY, timer());
    }

    private static @NotNull Timer timer() {
        return new Timer(LockFreeExponentiallyDecayingReservoir.builder().build());
    }

    /** Registers a gauge under {@value #PREFIX}{@code name}; it is read on the exporter's thread and must not block. */
    public <T> void gauge(final @NotNull String name, final @NotNull Gauge<T> gauge) {
        registry.register(PREFIX + name, gauge);
    }

    /** A send was acknowledged; {@code stored}: it was stored now (not a resend of a stored message). */
    public void messageReceived(final boolean stored) {
        messagesReceived.mark();
        if (stored) {
            messagesStored.mark();
        }
    }

    public void messageRefused() {
        messagesRefused.mark();
    }

    public void deliveryPublished() {
        deliveriesPublished.mark();
    }

    public void syncPageServed() {
        syncPages.mark();
    }

    public void syncAckStored() {
        syncAcks.mark();
    }

    public void mongoCommand(final long nanos) {
        mongoLatency.update(nanos, TimeUnit.NANOSECONDS);
    }

    public void redisCommand(final long nanos) {
        redisLatency.update(nanos, TimeUnit.NANOSECONDS);
    }

    /** Removes every metric of the extension from the registry. */
    @Override
    public void close() {
        removeAll();
    }

    private void removeAll() {
        registry.removeMatching((name, metric) -> name.startsWith(PREFIX));
    }
}
