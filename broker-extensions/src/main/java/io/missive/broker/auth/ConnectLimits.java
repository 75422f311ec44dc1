package io.missive.broker.auth;

import io.missive.broker.config.ExtensionConfig;
import io.missive.broker.config.RateLimitSettings;
import io.missive.broker.store.Periodic;
import io.missive.broker.store.TokenBuckets;
import io.missive.broker.store.Workers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many connections one source address may open: a token bucket per address
 * ({@code limits.connects-per-second}, {@code limits.connects-burst}), taken for every CONNECT before
 * its credentials are looked at, so a connect flood costs a bucket lookup, not a password hash. The
 * addresses of {@code limits.connects-exempt} (by default the loopback ones: local tools and health
 * checks) are not limited.
 */
@Singleton
public final class ConnectLimits implements Periodic {

    private static final long SWEEP_EVERY_MS = 60_000;

    private final @Nullable TokenBuckets buckets;
    private final @NotNull Set<InetAddress> exempt = new HashSet<>();
    private final @NotNull Workers workers;

    @Inject
    public ConnectLimits(final @NotNull ExtensionConfig config, final @NotNull Workers workers) {
        this(config.rateLimits(), workers, System::nanoTime);
    }

    ConnectLimits(final @NotNull RateLimitSettings settings, final @NotNull Workers workers,
                  final @NotNull LongSupplier nanos) {
        this.workers = workers;
        this.buckets = settings.connectsPerSecond() > 0
                ? new TokenBuckets(settings.connectsPerSecond(), settings.connectsBurst(), nanos) : null;
        for (final String address : settings.connectsExempt()) {
            try {
                exempt.add(InetAddress.getByName(address)); // a literal (checked): no lookup
            } catch (final UnknownHostException e) {
                throw new IllegalArgumentException("limits.connects-exempt: not an IP address: " + address, e);
            }
        }
    }

    @Override
    public void start() {
        if (buckets != null) {
            workers.timer().scheduleWithFixedDelay(buckets::sweep, SWEEP_EVERY_MS, SWEEP_EVERY_MS,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** @return 0 when the address may connect now, else the milliseconds until it may */
    public long take(final @NotNull Optional<InetAddress> address) {
        if (buckets == null || address.isEmpty() || exempt.contains(address.get())) {
            return 0;
        }
        return buckets.take(address.get().getHostAddress());
    }
}
