package io.missive.broker.request;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.config.RateLimitSettings;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.TokenBuckets;
import io.missive.broker.store.Workers;
import io.missive.protocol.v1.Uplink;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many requests a device may make: a token bucket per device for sends
 * ({@code limits.messages-per-second}, {@code limits.messages-burst}) and one for every other request
 * ({@code limits.requests-*}; sync acknowledgements are not counted). A request over the limit is
 * refused with {@code RATE_LIMITED} and the time until a token is there again; nothing of it is done.
 * Buckets that have filled up again hold no state and are dropped once a minute, so idle and departed
 * devices cost nothing.
 */
@Singleton
public final class RateLimits implements Periodic {

    private static final long SWEEP_EVERY_MS = 60_000;

    private final @NotNull RateLimitSettings settings;
    private final @NotNull Workers workers;
    /** Null where the limit is off. */
    private final @Nullable TokenBuckets sends;
    private final @Nullable TokenBuckets others;

    @Inject
    public RateLimits(final @NotNull ExtensionConfig config, final @NotNull Workers workers) {
        this(config.rateLimits(), workers, System::nanoTime);
    }

    RateLimits(final @NotNull RateLimitSettings settings, final @NotNull Workers workers,
               final @NotNull LongSupplier nanos) {
        this.settings = settings;
        this.workers = workers;
        this.sends = settings.messagesPerSecond() > 0
                ? new TokenBuckets(settings.messagesPerSecond(), settings.messagesBurst(), nanos) : null;
        this.others = settings.requestsPerSecond() > 0
                ? new TokenBuckets(settings.requestsPerSecond(), settings.requestsBurst(), nanos) : null;
    }

    @Override
    public void start() {
        workers.timer().scheduleWithFixedDelay(this::sweep, SWEEP_EVERY_MS, SWEEP_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes a token for the request, or refuses it.
     *
     * @throws RequestException RATE_LIMITED, with the milliseconds until a token is there again
     */
    public void admit(final @NotNull Identity identity, final @NotNull Uplink.BodyCase request) {
        if (request == Uplink.BodyCase.SYNC_ACK) {
            return; // acknowledgements only confirm what was delivered: refusing them would cause redelivery
        }
        final boolean send = request == Uplink.BodyCase.SEND;
        final TokenBuckets buckets = send ? sends : others;
        if (buckets == null) {
            return;
        }
        // per device, not per connection: reconnecting does not refill the bucket
        final long waitMs = buckets.take(identity.userId() + '/' + identity.deviceId());
        if (waitMs > 0) {
            final int rate = send ? settings.messagesPerSecond() : settings.requestsPerSecond();
            throw RequestException.rateLimited("more than " + rate + (send ? " messages" : " requests")
                    + " a second from this device; send again after " + waitMs + " ms", waitMs);
        }
    }

    /** Buckets kept now (for tests). */
    int buckets() {
        return (sends == null ? 0 : sends.size()) + (others == null ? 0 : others.size());
    }

    /** Drops the buckets that have filled up again. */
    void sweep() {
        if (sends != null) {
            sends.sweep();
        }
        if (others != null) {
            others.sweep();
        }
    }
}
