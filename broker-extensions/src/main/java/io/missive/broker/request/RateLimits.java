package io.missive.broker.request;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.config.RateLimitSettings;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.Workers;
import io.missive.protocol.v1.Uplink;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many requests a device may make: a token bucket per device for sends
 * ({@code limits.messages-per-second}, {@code limits.messages-burst}) and one for every other request
 * ({@code limits.requests-*}; sync acknowledgements are not counted). A request over the limit is refused with {@code RATE_LIMITED} and the
 * time until a token is there again; nothing of it is done. Buckets that have filled up again hold no
 * state and are dropped once a minute, so idle and departed devices cost nothing.
 */
@Singleton
public final class RateLimits implements Periodic {

    private static final long SWEEP_EVERY_MS = 60_000;

    private final @NotNull RateLimitSettings settings;
    private final @NotNull LongSupplier nanos;
    private final @NotNull Workers workers;
    private final @NotNull ConcurrentHashMap<String, Bucket> sends = new ConcurrentHashMap<>();
    private final @NotNull ConcurrentHashMap<String, Bucket> others = new ConcurrentHashMap<>();

    @Inject
    public RateLimits(final @NotNull ExtensionConfig config, final @NotNull Workers workers) {
        this(config.rateLimits(), workers, System::nanoTime);
    }

    RateLimits(final @NotNull RateLimitSettings settings, final @NotNull Workers workers,
               final @NotNull LongSupplier nanos) {
        this.settings = settings;
        this.workers = workers;
        this.nanos = nanos;
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
        final int rate = send ? settings.messagesPerSecond() : settings.requestsPerSecond();
        if (rate <= 0) {
            return;
        }
        final int burst = send ? settings.messagesBurst() : settings.requestsBurst();
        // per device, not per connection: reconnecting does not refill the bucket
        final Bucket bucket = (send ? sends : others).computeIfAbsent(identity.userId() + '/' + identity.deviceId(),
                key -> new Bucket(burst, nanos.getAsLong()));
        final long waitMs = bucket.take(rate, burst, nanos.getAsLong());
        if (waitMs > 0) {
            throw RequestException.rateLimited((send ? "more than " + rate + " messages" : "more than " + rate
                    + " requests") + " a second from this device; send again after " + waitMs + " ms", waitMs);
        }
    }

    /** Buckets kept now (for tests). */
    int buckets() {
        return sends.size() + others.size();
    }

    /** Drops the buckets that have filled up again: a new one would start the same. */
    void sweep() {
        final long now = nanos.getAsLong();
        sends.values().removeIf(bucket -> bucket.full(settings.messagesPerSecond(), settings.messagesBurst(), now));
        others.values().removeIf(bucket -> bucket.full(settings.requestsPerSecond(), settings.requestsBurst(), now));
    }

    /** Tokens of one device, refilled continuously at the rate up to the burst. */
    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(final int burst, final long now) {
            this.tokens = burst;
            this.at = now;
        }

        /** @return 0 when a token was taken, else the milliseconds until one is there */
        synchronized long take(final int rate, final int burst, final long now) {
            refill(rate, burst, now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            // the small allowance keeps rounding errors of the refill from adding a millisecond
            return Math.max(1, (long) Math.ceil((1 - tokens) * 1000.0 / rate - 1e-6));
        }

        synchronized boolean full(final int rate, final int burst, final long now) {
            refill(rate, burst, now);
            return tokens >= burst;
        }

        private void refill(final int rate, final int burst, final long now) {
            tokens = Math.min(burst, tokens + (now - at) * rate / 1e9);
            at = now;
        }
    }
}
