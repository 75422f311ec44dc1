package io.missive.broker.push;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.config.PushSettings;
import io.missive.broker.store.Workers;
import io.missive.storage.MongoStores;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends notifications to APNs through Pushy: one long-lived client per environment (production
 * and development), token-based authentication. Sending never blocks the caller: notifications
 * wait in a bounded queue and at most {@code push.max-in-flight} are unanswered at a time.
 *
 * <p>APNs' answers: a token APNs no longer accepts ({@code Unregistered}, {@code BadDeviceToken},
 * {@code DeviceTokenNotForTopic}) is removed from its device; an unreachable APNs, a 429 or a 5xx
 * is retried with exponential backoff up to {@code push.max-attempts} sends; a refused provider
 * token (wrong key, key id or team id) is logged as an error and counted, and so is any other
 * refusal. Nothing here touches message delivery.
 */
@Singleton
public final class ApnsGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApnsGateway.class);
    private static final Set<String> DEAD_TOKEN = Set.of("Unregistered", "BadDeviceToken", "DeviceTokenNotForTopic");
    /** 403s that refuse the provider token itself (TooManyProviderTokenUpdates is a 429: retried). */
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidProviderToken", "ExpiredProviderToken",
            "MissingProviderToken");
    private static final long MAX_RETRY_DELAY_MS = 60_000;
    private static final long CREDENTIAL_LOG_EVERY_MS = 60_000;

    private final @NotNull PushSettings settings;
    private final @NotNull MongoStores stores;
    private final @NotNull PushTargets targets;
    private final @NotNull Workers workers;
    private final @Nullable ApnsClient production;
    private final @Nullable ApnsClient development;
    /** Guarded by itself; {@link #inFlight} too. */
    private final @NotNull ArrayDeque<Push> queue = new ArrayDeque<>();
    private int inFlight;
    private volatile boolean closed;
    private volatile long lastCredentialLog;

    private final @NotNull AtomicLong sent = new AtomicLong();
    private final @NotNull AtomicLong failed = new AtomicLong();
    private final @NotNull AtomicLong retried = new AtomicLong();
    private final @NotNull AtomicLong dropped = new AtomicLong();
    private final @NotNull AtomicLong tokensRemoved = new AtomicLong();
    private final @NotNull AtomicLong credentialRefusals = new AtomicLong();

    @Inject
    public ApnsGateway(final @NotNull ExtensionConfig config, final @NotNull MongoStores stores,
                       final @NotNull PushTargets targets, final @NotNull Workers workers) {
        this.settings = config.push();
        this.stores = stores;
        this.targets = targets;
        this.workers = workers;
        if (settings.enabled()) {
            production = client(settings.host().isEmpty() ? ApnsClientBuilder.PRODUCTION_APNS_HOST : settings.host());
            development = client(settings.host().isEmpty() ? ApnsClientBuilder.DEVELOPMENT_APNS_HOST : settings.host());
        } else {
            production = null;
            development = null;
        }
    }

    private @NotNull ApnsClient client(final @NotNull String host) {
        final ApnsClientBuilder builder = new ApnsClientBuilder()
                .setApnsServer(host, settings.port() == 0 ? ApnsClientBuilder.DEFAULT_APNS_PORT : settings.port())
                .setSigningKey(settings.signingKey())
                .setConcurrentConnections(1)
                .setConnectionTimeout(Duration.ofSeconds(10))
                .setGracefulShutdownTimeout(Duration.ofSeconds(2));
        if (!settings.trustedCertificates().isEmpty()) {
            builder.setTrustedServerCertificateChain(settings.trustedCertificates().toArray(new X509Certificate[0]));
        }
        try {
            return builder.build();
        } catch (final SSLException e) {
            throw new IllegalStateException("cannot set up TLS for APNs at " + host + ": " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return production != null;
    }

    /** Queues a notification; drops it (counted) when the queue is full. Never blocks. */
    public void send(final @NotNull Push push) {
        if (!enabled() || closed) {
            return;
        }
        synchronized (queue) {
            if (queue.size() >= settings.maxQueued()) {
                dropped.incrementAndGet();
                LOG.debug("Push queue full ({}): notification for {} dropped", settings.maxQueued(), push.deviceId());
                return;
            }
            queue.add(push);
        }
        pump();
    }

    /** Sends queued notifications while fewer than the limit are unanswered. */
    private void pump() {
        while (true) {
            final Push next;
            synchronized (queue) {
                if (closed || inFlight >= settings.maxInFlight() || queue.isEmpty()) {
                    return;
                }
                next = queue.poll();
                inFlight++;
            }
            dispatch(next);
        }
    }

    private void dispatch(final @NotNull Push push) {
        final ApnsClient client = push.token().sandbox() ? development : production;
        final SimpleApnsPushNotification notification = push.notification();
        try {
            client.sendNotification(notification).whenComplete((response, error) -> {
                synchronized (queue) {
                    inFlight--;
                }
                try {
                    answered(push, response, error);
                } finally {
                    pump();
                }
            });
        } catch (final RuntimeException e) {
            synchronized (queue) {
                inFlight--;
            }
            answered(push, null, e);
        }
    }

    private void answered(final @NotNull Push push,
                          final @Nullable PushNotificationResponse<SimpleApnsPushNotification> response,
                          final @Nullable Throwable error) {
        if (error != null || response == null) {
            retry(push, error == null ? "no answer" : error.toString());
            return;
        }
        if (response.isAccepted()) {
            sent.incrementAndGet();
            return;
        }
        final int status = response.getStatusCode();
        final String reason = response.getRejectionReason().orElse("");
        if (status == 410 || DEAD_TOKEN.contains(reason)) {
            removeToken(push, reason.isEmpty() ? "HTTP " + status : reason);
        } else if (status == 429 || status >= 500) {
            retry(push, "HTTP " + status + " " + reason);
        } else if (BAD_CREDENTIALS.contains(reason)) {
            failed.incrementAndGet();
            credentialRefusals.incrementAndGet();
            final long now = System.currentTimeMillis();
            if (now - lastCredentialLog >= CREDENTIAL_LOG_EVERY_MS) {
                lastCredentialLog = now;
                LOG.error("APNs refused Missive's provider token ({}): check push.apns.key-file, push.apns.key-id "
                        + "and push.apns.team-id. Notifications are not delivered until this is fixed; messaging "
                        + "is unaffected.", reason);
            }
        } else {
            failed.incrementAndGet();
            LOG.warn("APNs refused a notification for device {} of {}: HTTP {} {}", push.deviceId(), push.userId(),
                    status, reason);
        }
    }

    private void retry(final @NotNull Push push, final @NotNull String why) {
        if (closed || push.attempt() >= settings.maxAttempts()) {
            failed.incrementAndGet();
            LOG.debug("Notification for device {} given up after {} attempts: {}", push.deviceId(), push.attempt(), why);
            return;
        }
        retried.incrementAndGet();
        final long base = (long) settings.retryBaseMs() << Math.min(push.attempt() - 1, 16);
        final long delay = Math.min(MAX_RETRY_DELAY_MS, base + ThreadLocalRandom.current().nextLong(base / 4 + 1));
        LOG.debug("Notification for device {} retried in {} ms: {}", push.deviceId(), delay, why);
        workers.timer().schedule(() -> send(push.nextAttempt()), delay, TimeUnit.MILLISECONDS);
    }

    private void removeToken(final @NotNull Push push, final @NotNull String reason) {
        stores.devices().removePushToken(push.deviceId(), push.token().token()).whenComplete((removed, error) -> {
            if (error != null) {
                LOG.warn("Could not remove the rejected push token of device {}: {}", push.deviceId(), error.toString());
                return;
            }
            if (removed) {
                tokensRemoved.incrementAndGet();
                LOG.info("APNs rejected the push token of device {} of {} ({}); registration removed", push.deviceId(),
                        push.userId(), reason);
            }
            targets.invalidate(List.of(push.userId()));
        });
    }

    /** Notifications APNs accepted. */
    public long sent() {
        return sent.get();
    }

    /** Notifications refused for good or given up after retries (including credential refusals). */
    public long failed() {
        return failed.get();
    }

    public long retried() {
        return retried.get();
    }

    /** Notifications dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    public long tokensRemoved() {
        return tokensRemoved.get();
    }

    /** Refusals of the provider token: the configured key, key id or team id is wrong. */
    public long credentialRefusals() {
        return credentialRefusals.get();
    }

    /** Notifications queued or unanswered now. */
    public int pending() {
        synchronized (queue) {
            return queue.size() + inFlight;
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (queue) {
            queue.clear();
        }
        if (production != null) {
            production.close();
        }
        if (development != null) {
            development.close();
        }
    }
}
