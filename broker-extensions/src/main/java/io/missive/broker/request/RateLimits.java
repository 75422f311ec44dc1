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

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many requests a device may make: a token bucket per device for sends
 * ({@code limits.messages-per-second}, {@code limits.messages-burst}) and one for every other request
 * ({@code limits.requests-*}; sync acknowledgements are not counted). A request over the limit is
 * refused with {@code RATE_LIMITED} and the time until a token is there again; nothing of it is done.
 * A device's sends keep their order: after one was refused, the device's later sends are refused too
 * until it is sent again (at most {@value #HOLD_MS} ms), so a send on its way cannot overtake it.
 * Buckets that have filled up again hold no state and are dropped once a minute, so idle and departed
 * devices cost nothing.
 */
@Singleton
public final class RateLimits implements Periodic {

    private static final long SWEEP_EVERY_MS = 60_000;
    /** How long a refused send holds back the device's other sends at most (when it is never sent again). */
    static final long HOLD_MS = 30_000;

    private final @NotNull RateLimitSettings settings;
    private final @NotNull Workers workers;
    /** Null where the limit is off. */
    private final @Nullable TokenBuckets sends;
    private final @Nullable TokenBuckets others;
    /** Per device, the send refused first and not sent again yet: later sends may not overtake it. */
    private final @NotNull ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
    private final @NotNull LongSupplier nanos;

    @Inject
    public RateLimits(final @NotNull ExtensionConfig config, final @NotNull Workers workers) {
        this(config.rateLimits(), workers, System::nanoTime);
    }

    RateLimits(final @NotNull RateLimitSettings settings, final @NotNull Workers workers,
               final @NotNull LongSupplier nanos) {
        this.settings = settings;
        this.workers = workers;
        this.nanos = nanos;
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
    public void admit(final @NotNull Identity identity, final @NotNull Uplink uplink) {
        final Uplink.BodyCase request = uplink.getBodyCase();
        if (request == Uplink.BodyCase.SYNC_ACK) {
            return; // acknowledgements only confirm what was delivered: refusing them would cause redelivery
        }
        final boolean send = request == Uplink.BodyCase.SEND;
        final TokenBuckets buckets = send ? sends : others;
        if (buckets == null) {
            return;
        }
        // per device, not per connection: reconnecting does not refill the bucket
        final String device = identity.userId() + '/' + identity.deviceId();
        final int rate = send ? settings.messagesPerSecond() : settings.requestsPerSecond();
        if (!send) {
            final long waitMs = buckets.take(device);
            if (waitMs > 0) {
                throw refusal(rate, " requests", waitMs);
            }
            return;
        }
        // the device's order is kept: once a send was refused, its later sends wait until it comes again
        final String clientMsgId = uplink.getSend().getClientMsgId();
        final long now = nanos.getAsLong();
        final Held first = held.get(device);
        if (first != null && first.untilNanos - now > 0 && !first.clientMsgId.equals(clientMsgId)) {
            throw refusal(rate, " messages", Math.max(1, 1000 / rate));
        }
        final long waitMs = buckets.take(device);
        if (waitMs > 0) {
            if (first == null || first.untilNanos - now <= 0) {
                held.put(device, new Held(clientMsgId, now + TimeUnit.MILLISECONDS.toNanos(HOLD_MS)));
            }
            throw refusal(rate, " messages", waitMs);
        }
        if (first != null) {
            held.remove(device, first);
        }
    }

    private static @NotNull RequestException refusal(final int rate, final @NotNull String what, final long waitMs) {
        return RequestException.rateLimited("more than " + rate + what + " a second from this device; send again after "
                + waitMs + " ms", waitMs);
    }

    /** A refused send that holds back the device's later sends until it comes again, or until {@code untilNanos}. */
    private record Held(@NotNull String clientMsgId, long untilNanos) {
    }

    /** Buckets and held sends kept now (for tests). */
    int buckets() {
        return (sends == null ? 0 : sends.size()) + (others == null ? 0 : others.size()) + held.size();
    }

    /** Drops the buckets that have filled up again. */
    void sweep() {
        final long now = nanos.getAsLong();
        held.values().removeIf(first -> first.untilNanos - now <= 0);
        if (sends != null) {
            sends.sweep();
        }
        if (others != null) {
            others.sweep();
        }
    }
}
