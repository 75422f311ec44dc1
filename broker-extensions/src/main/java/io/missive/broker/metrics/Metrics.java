package io.missive.broker.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingTimeWindowArrayReservoir;
import com.codahale.metrics.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.ConcurrentHashMap;
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
    /** Meter: sends answered BUSY because the store fell behind (also counted as refused). */
    public static final @NotNull String MESSAGES_BUSY = PREFIX + "messages.busy";
    /** Meter: sends refused because a link's domain is on the deny list (also counted as refused). */
    public static final @NotNull String LINKS_REFUSED_DENY_LIST = PREFIX + "links.refused.deny-list";
    /** Meter: sends refused because the link checker refused a domain (also counted as refused). */
    public static final @NotNull String LINKS_REFUSED_CHECKER = PREFIX + "links.refused.checker";
    /** Meter: sends refused because the link checker failed and {@code links.checker-fail=closed}. */
    public static final @NotNull String LINKS_REFUSED_UNCHECKED = PREFIX + "links.refused.unchecked";
    /** Meter: sends let through unchecked because the link checker failed and {@code links.checker-fail=open}. */
    public static final @NotNull String LINKS_PASSED_UNCHECKED = PREFIX + "links.passed-unchecked";
    /** Meter: link checks with no answer within {@code links.checker-timeout-ms}. */
    public static final @NotNull String LINKS_CHECKER_TIMEOUTS = PREFIX + "links.checker.timeouts";
    /** Meter: link checks that failed otherwise (connection, HTTP status, an answer that is none). */
    public static final @NotNull String LINKS_CHECKER_ERRORS = PREFIX + "links.checker.errors";
    /** Meter: live events published on users' topics (sync-stream entries and live-only group events). */
    public static final @NotNull String DELIVERIES_PUBLISHED = PREFIX + "deliveries.published";
    /** Meter: sync pages served (answers to SyncRequests: resume after a reconnect). */
    public static final @NotNull String SYNC_PAGES = PREFIX + "sync.pages";
    /** Meter: sync acknowledgements whose cursor was stored. */
    public static final @NotNull String SYNC_ACKS = PREFIX + "sync.acks";
    /**
     * Timer: MongoDB commands, from sending to their answer (or failure); and one timer per command
     * type, this name {@code .<command>.<collection>} (e.g. {@code .insert.messages}), over the last
     * {@value #WINDOW_SECONDS} s.
     */
    public static final @NotNull String MONGO_LATENCY = PREFIX + "mongo.command-latency";
    /** Timer: Redis commands (counter scripts and reads), from sending to their answer (or failure). */
    public static final @NotNull String REDIS_LATENCY = PREFIX + "redis.command-latency";
    /** Timer: from a message's submission to the store until the insert carrying it was sent (queueing). */
    public static final @NotNull String SEND_WAITED = PREFIX + "send.waited";
    /** Timer: from a sync-stream entry's submission until the insert carrying it was sent (queueing). */
    public static final @NotNull String STREAM_WAITED = PREFIX + "stream.waited";
    /** Timer: from a send's arrival at the extension until it was stored and its PUBACK released. */
    public static final @NotNull String SEND_STORED = PREFIX + "send.stored";
    /** Timer: from a direct send's arrival until the recipient's stream event was handed to the broker. */
    public static final @NotNull String SEND_DELIVERED = PREFIX + "send.delivered";
    /** The stage timers and the per-type command timers cover this many seconds (sliding window). */
    public static final int WINDOW_SECONDS = 30;

    private final @NotNull MetricRegistry registry;
    private final @NotNull Meter messagesReceived;
    private final @NotNull Meter messagesStored;
    private final @NotNull Meter messagesRefused;
    private final @NotNull Meter messagesBusy;
    private final @NotNull Meter linksRefusedDenyList;
    private final @NotNull Meter linksRefusedChecker;
    private final @NotNull Meter linksRefusedUnchecked;
    private final @NotNull Meter linksPassedUnchecked;
    private final @NotNull Meter linksCheckerTimeouts;
    private final @NotNull Meter linksCheckerErrors;
    private final @NotNull Meter deliveriesPublished;
    private final @NotNull Meter syncPages;
    private final @NotNull Meter syncAcks;
    private final @NotNull Timer mongoLatency;
    private final @NotNull Timer redisLatency;
    private final @NotNull ConcurrentHashMap<String, Timer> mongoByType = new ConcurrentHashMap<>();
    private final @NotNull Timer sendWaited;
    private final @NotNull Timer streamWaited;
    private final @NotNull Timer sendStored;
    private final @NotNull Timer sendDelivered;

    @Inject
    public Metrics(final @NotNull MetricRegistry registry) {
        this.registry = registry;
        removeAll();
        messagesReceived = registry.register(MESSAGES_RECEIVED, new Meter());
        messagesStored = registry.register(MESSAGES_STORED, new Meter());
        messagesRefused = registry.register(MESSAGES_REFUSED, new Meter());
        messagesBusy = registry.register(MESSAGES_BUSY, new Meter());
        linksRefusedDenyList = registry.register(LINKS_REFUSED_DENY_LIST, new Meter());
        linksRefusedChecker = registry.register(LINKS_REFUSED_CHECKER, new Meter());
        linksRefusedUnchecked = registry.register(LINKS_REFUSED_UNCHECKED, new Meter());
        linksPassedUnchecked = registry.register(LINKS_PASSED_UNCHECKED, new Meter());
        linksCheckerTimeouts = registry.register(LINKS_CHECKER_TIMEOUTS, new Meter());
        linksCheckerErrors = registry.register(LINKS_CHECKER_ERRORS, new Meter());
        deliveriesPublished = registry.register(DELIVERIES_PUBLISHED, new Meter());
        syncPages = registry.register(SYNC_PAGES, new Meter());
        syncAcks = registry.register(SYNC_ACKS, new Meter());
        mongoLatency = registry.register(MONGO_LATENCY, timer());
        redisLatency = registry.register(REDIS_LATENCY, timer());
        sendWaited = registry.register(SEND_WAITED, windowTimer());
        streamWaited = registry.register(STREAM_WAITED, windowTimer());
        sendStored = registry.register(SEND_STORED, windowTimer());
        sendDelivered = registry.register(SEND_DELIVERED, windowTimer());
    }

    private static @NotNull Timer timer() {
        return new Timer(LockFreeExponentiallyDecayingReservoir.builder().build());
    }

    /** A timer whose percentiles are those of the last {@value #WINDOW_SECONDS} s exactly. */
    private static @NotNull Timer windowTimer() {
        return new Timer(new SlidingTimeWindowArrayReservoir(WINDOW_SECONDS, TimeUnit.SECONDS));
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

    public void messageBusy() {
        messagesBusy.mark();
    }

    public void linkRefusedByDenyList() {
        linksRefusedDenyList.mark();
    }

    public void linkRefusedByChecker() {
        linksRefusedChecker.mark();
    }

    /** A link check failed: {@code timeout} (else an error); {@code refused}: the send was refused for it (else let through). */
    public void linkCheckFailed(final boolean timeout, final boolean refused) {
        (timeout ? linksCheckerTimeouts : linksCheckerErrors).mark();
        (refused ? linksRefusedUnchecked : linksPassedUnchecked).mark();
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

    /** A MongoDB command of this type ({@code insert.messages}) took so long. */
    public void mongoCommand(final @NotNull String type, final long nanos) {
        mongoLatency.update(nanos, TimeUnit.NANOSECONDS);
        mongoByType.computeIfAbsent(type, t -> registry.timer(MONGO_LATENCY + "." + t, Metrics::windowTimer))
                .update(nanos, TimeUnit.NANOSECONDS);
    }

    /** A message or sync-stream entry was stored after waiting so long for its insert to be sent. */
    public void appendStored(final @NotNull String collection, final long waitedNanos) {
        (collection.equals("messages") ? sendWaited : streamWaited).update(waitedNanos, TimeUnit.NANOSECONDS);
    }

    /** A send that arrived at {@code arrivedNanos} ({@link System#nanoTime()}) is stored and acknowledged. */
    public void sendStored(final long arrivedNanos) {
        sendStored.update(System.nanoTime() - arrivedNanos, TimeUnit.NANOSECONDS);
    }

    /** The recipient's event of a direct send that arrived at {@code arrivedNanos} went to the broker. */
    public void sendDelivered(final long arrivedNanos) {
        sendDelivered.update(System.nanoTime() - arrivedNanos, TimeUnit.NANOSECONDS);
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
