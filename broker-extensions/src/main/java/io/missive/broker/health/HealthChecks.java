package io.missive.broker.health;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.counters.Counters;
import io.missive.broker.store.Workers;
import io.missive.storage.MongoStores;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Whether the extension's dependencies answer, checked at start and then every
 * {@code health.check-interval-ms} on the extension's own threads: MongoDB with a {@code ping}
 * command, Redis with a round trip, APNs with a TCP connect ({@link ApnsProbe}). A check that has
 * not answered within {@value #TIMEOUT_MS} ms counts as down; a round starts only after the previous
 * one ended, so checks never pile up. Nothing here waits on a HiveMQ thread or touches messaging.
 *
 * <p>A part counts as down until its first check answered (normally milliseconds after start).
 * Changes are logged: a part going down as a warning, coming back as info.
 */
@Singleton
public final class HealthChecks {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);
    static final int TIMEOUT_MS = 2_000;

    private final @NotNull MongoStores stores;
    private final @NotNull Counters counters;
    private final @NotNull ApnsProbe apnsProbe;
    private final @NotNull ScheduledExecutorService threads;
    private final int intervalMs;
    /** Null until checked. */
    private volatile @Nullable Health mongo;
    private volatile @Nullable Health redis;
    private volatile @Nullable Health apns;

    @Inject
    public HealthChecks(final @NotNull MongoStores stores, final @NotNull Counters counters,
                        final @NotNull ExtensionConfig config, final @NotNull Workers workers) {
        this.stores = stores;
        this.counters = counters;
        this.apnsProbe = new ApnsProbe(config.push());
        this.threads = workers.health();
        this.intervalMs = config.healthCheckIntervalMs();
    }

    /** Runs the first round now (asynchronously) and the next ones every interval. */
    public void start() {
        run(this::round, 0);
    }

    public @NotNull Health mongo() {
        return orDown(mongo);
    }

    /** {@link Health#DISABLED} without {@code redis.uri}. */
    public @NotNull Health redis() {
        return counters.enabled() ? orDown(redis) : Health.DISABLED;
    }

    /** {@link Health#DISABLED} when push is off. */
    public @NotNull Health apns() {
        return apnsProbe.enabled() ? orDown(apns) : Health.DISABLED;
    }

    private static @NotNull Health orDown(final @Nullable Health health) {
        return health == null ? Health.DOWN : health;
    }

    private void round() {
        try {
            check();
        } catch (final RuntimeException e) {
            LOG.warn("Health check failed; trying again: {}", e.toString());
            run(this::round, intervalMs);
        }
    }

    private void check() {
        final CompletableFuture<Health> mongoCheck = answers(stores::ping);
        final CompletableFuture<Health> redisCheck = counters.enabled() ? answers(counters::ping)
                : CompletableFuture.completedFuture(Health.DISABLED);
        if (apnsProbe.enabled()) {
            apns = changed("APNs " + apnsProbe, apns, Health.of(apnsProbe.reachable(TIMEOUT_MS)));
        }
        CompletableFuture.allOf(mongoCheck, redisCheck).whenComplete((done, error) -> {
            mongo = changed("MongoDB", mongo, mongoCheck.join());
            redis = changed("Redis", redis, redisCheck.join());
            run(this::round, intervalMs);
        });
    }

    /** Up when the check completes normally within the timeout; never completes exceptionally. */
    private @NotNull CompletableFuture<Health> answers(final @NotNull Supplier<CompletableFuture<Void>> check) {
        final CompletableFuture<Health> result = new CompletableFuture<>();
        final ScheduledFuture<?> timeout = run(() -> result.complete(Health.DOWN), TIMEOUT_MS);
        try {
            check.get().whenComplete((ok, error) -> result.complete(Health.of(error == null)));
        } catch (final RuntimeException e) {
            result.complete(Health.DOWN);
        }
        result.whenComplete((health, error) -> {
            if (timeout != null) {
                timeout.cancel(false);
            }
        });
        return result;
    }

    private static @NotNull Health changed(final @NotNull String part, final @Nullable Health before,
                                           final @NotNull Health now) {
        if (now == Health.DOWN && before != Health.DOWN) {
            LOG.warn("Health: {} does not answer", part);
        } else if (now == Health.UP && before == Health.DOWN) {
            LOG.info("Health: {} answers again", part);
        }
        return now;
    }

    /** Schedules on the health threads; null once they are shut down (the extension stopped). */
    private @Nullable ScheduledFuture<?> run(final @NotNull Runnable task, final long delayMs) {
        try {
            return threads.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (final RejectedExecutionException e) {
            return null;
        }
    }
}
