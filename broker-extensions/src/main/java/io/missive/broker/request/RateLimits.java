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

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many requests a device may make: a token bucket per device for sends
 * ({@code limits.messages-per-second}, {@code limits.messages-burst}) and one for every other request
 * ({@code limits.requests-*}; sync acknowledgements are not counted). A request over the limit is
 * refused with {@code RATE_LIMITED} and the time until a token is there again; nothing of it is done.
 * Requests that name other users ({@link #LOOKUPS}) also take a token of their user's lookup bucket
 * ({@code limits.lookups-*}, a rate a minute, shared by the user's devices), so that nobody can probe
 * user ids at the rate of ordinary requests; a send to a user id that does not exist takes one after its
 * answer, and while the bucket is empty, sends by user id are refused too.
 * A device's sends keep their order: after one was refused (here, or {@code BUSY} by the handler), the
 * device's later sends are refused alike until it is sent again (at most {@value #HOLD_MS} ms), so a send
 * on its way cannot overtake it.
 * Buckets that have filled up again hold no state and are dropped once a minute, so idle and departed
 * devices cost nothing.
 */
@Singleton
public final class RateLimits implements Periodic {

    private static final long SWEEP_EVERY_MS = 60_000;
    /**
     * The requests that name other users and could tell one that exists from one that does not, or probe
     * their relations: each takes a lookup token.
     */
    static final @NotNull Set<Uplink.BodyCase> LOOKUPS = Collections.unmodifiableSet(EnumSet.of(
            Uplink.BodyCase.FIND_CONVERSATION, Uplink.BodyCase.REQUEST_CONTACT, Uplink.BodyCase.ACCEPT_CONTACT,
            Uplink.BodyCase.REMOVE_CONTACT, Uplink.BodyCase.BLOCK_USER, Uplink.BodyCase.UNBLOCK_USER,
            Uplink.BodyCase.SUBSCRIBE_PRESENCE, Uplink.BodyCase.CREATE_GROUP, Uplink.BodyCase.ADD_MEMBERS));
    /** How long a refused send holds back the device's other sends at most (when it is never sent again). */
    static final long HOLD_MS = 30_000;

    private final @NotNull RateLimitSettings settings;
    private final @NotNull Workers workers;
    /** Null where the limit is off. */
    private final @Nullable TokenBuckets sends;
    private final @Nullable TokenBuckets others;
    /** Per user. */
    private final @Nullable TokenBuckets lookups;
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
        this.lookups = settings.lookupsPerMinute() > 0
                ? TokenBuckets.perMinute(settings.lookupsPerMinute(), settings.lookupsBurst(), nanos) : null;
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
        // per device, not per connection: reconnecting does not refill the bucket
        final String device = identity.userId() + '/' + identity.deviceId();
        if (request != Uplink.BodyCase.SEND) {
            if (others != null) {
                final long waitMs = others.take(device);
                if (waitMs > 0) {
                    throw refusal(settings.requestsPerSecond() + " requests a second from this device", waitMs);
                }
            }
            if (lookups != null && LOOKUPS.contains(request)) {
                final long waitMs = lookups.take(identity.userId());
                if (waitMs > 0) {
                    throw lookupRefusal(waitMs);
                }
            }
            return;
        }
        // the device's order is kept: once a send was refused, its later sends wait until it comes again
        final String clientMsgId = uplink.getSend().getClientMsgId();
        final long now = nanos.getAsLong();
        final Held first = held.get(device);
        if (first != null && first.untilNanos - now > 0 && !first.clientMsgId.equals(clientMsgId)) {
            final String why = "an earlier message of this device was refused and has not come again; send again after "
                    + first.retryMs + " ms";
            throw first.busy ? RequestException.busy(why, first.retryMs) : RequestException.rateLimited(why, first.retryMs);
        }
        final long lookupWaitMs = lookups != null && !uplink.getSend().getToUserId().isEmpty()
                ? lookups.waitMs(identity.userId()) : 0;
        if (lookupWaitMs > 0) {
            hold(device, first, clientMsgId, now, lookupWaitMs, false);
            throw lookupRefusal(lookupWaitMs);
        }
        final long waitMs = sends == null ? 0 : sends.take(device);
        if (waitMs > 0) {
            hold(device, first, clientMsgId, now, waitMs, false);
            throw refusal(settings.messagesPerSecond() + " messages a second from this device", waitMs);
        }
        if (first != null) {
            held.remove(device, first);
        }
    }

    /**
     * A request of the user was answered {@code NOT_FOUND} for naming a user that does not exist (a send by
     * user id): it costs a lookup, after the fact, as it told the sender that much.
     */
    public void unknownUserNamed(final @NotNull Identity identity) {
        if (lookups != null) {
            lookups.take(identity.userId()); // a token if one is left; an empty bucket stays empty
        }
    }

    /**
     * A send admitted here was then refused {@code BUSY} (the store falls behind): the device's later sends
     * are held back until it comes again, like after a refusal for the rate, so that they cannot overtake it.
     */
    public void sendRefusedBusy(final @NotNull Identity identity, final @NotNull String clientMsgId,
                                final long retryAfterMs) {
        final String device = identity.userId() + '/' + identity.deviceId();
        hold(device, held.get(device), clientMsgId, nanos.getAsLong(), retryAfterMs, true);
    }

    private void hold(final @NotNull String device, final @Nullable Held first, final @NotNull String clientMsgId,
                      final long now, final long retryMs, final boolean busy) {
        if (first == null || first.untilNanos - now <= 0) {
            held.put(device, new Held(clientMsgId, now + TimeUnit.MILLISECONDS.toNanos(HOLD_MS),
                    Math.max(1, Math.min(retryMs, 1_000)), busy));
        }
    }

    private static @NotNull RequestException refusal(final @NotNull String what, final long waitMs) {
        return RequestException.rateLimited("more than " + what + "; send again after " + waitMs + " ms", waitMs);
    }

    private @NotNull RequestException lookupRefusal(final long waitMs) {
        return RequestException.rateLimited("more than " + settings.lookupsPerMinute()
                + " requests naming other users a minute from this user; send again after " + waitMs + " ms", waitMs);
    }

    /**
     * A refused send that holds back the device's later sends until it comes again, or until
     * {@code untilNanos}; they are told to wait {@code retryMs}.
     */
    private record Held(@NotNull String clientMsgId, long untilNanos, long retryMs, boolean busy) {
    }

    /** Buckets and held sends kept now (for tests). */
    int buckets() {
        return (sends == null ? 0 : sends.size()) + (others == null ? 0 : others.size())
                + (lookups == null ? 0 : lookups.size()) + held.size();
    }

    /** Drops the buckets that have filled up again. */
    void sweep() {
        final long now = nanos.getAsLong();
        held.values().removeIf(first -> first.untilNanos - now <= 0);
        if (sends != null) {
            sends.sweep();
        }
        if (lookups != null) {
            lookups.sweep();
        }
        if (others != null) {
            others.sweep();
        }
    }
}
