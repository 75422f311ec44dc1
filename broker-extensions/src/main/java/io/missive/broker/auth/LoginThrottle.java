package io.missive.broker.auth;

import io.missive.broker.config.ExtensionConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing per user: after {@code auth.max-failed-attempts} consecutive failures
 * the user's password logins are refused without checking the password for a pause (2 s) that doubles
 * with every further failure, up to {@code auth.lockout-max-seconds}. A success clears it.
 * Token logins are not throttled (a token cannot be guessed), so a user whose password is under
 * attack keeps their already signed-in devices.
 *
 * <p>State is per server node and in memory: a restart forgets it, which at worst grants an
 * attacker one more round of {@code max-failed-attempts} guesses.
 */
@Singleton
public final class LoginThrottle {

    private static final int MAX_TRACKED_USERS = 100_000;
    private static final long FIRST_PAUSE_MS = 2_000;

    private final @NotNull ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final int freeAttempts;
    private final long maxPauseMs;

    @Inject
    public LoginThrottle(final @NotNull ExtensionConfig config) {
        this.freeAttempts = config.maxFailedAttempts();
        this.maxPauseMs = config.lockoutMaxSeconds() * 1000L;
    }

    /** Milliseconds the user must still wait before a password is checked again; 0 if none. */
    public long pauseRemainingMs(final @NotNull String userId, final long nowMs) {
        final Failures f = failures.get(userId);
        return f == null ? 0 : Math.max(0, f.blockedUntilMs - nowMs);
    }

    public void recordFailure(final @NotNull String userId, final long nowMs) {
        if (failures.size() > MAX_TRACKED_USERS) {
            failures.values().removeIf(f -> f.blockedUntilMs < nowMs - maxPauseMs);
        }
        failures.compute(userId, (k, f) -> {
            final int count = f == null ? 1 : f.count + 1;
            long blockedUntil = 0;
            if (count >= freeAttempts) {
                final int exponent = Math.min(count - freeAttempts, 20);
                blockedUntil = nowMs + Math.min(maxPauseMs, FIRST_PAUSE_MS << exponent);
            }
            return new Failures(count, blockedUntil);
        });
    }

    public void recordSuccess(final @NotNull String userId) {
        failures.remove(userId);
    }

    private static final class Failures {
        private final int count;
        private final long blockedUntilMs;

        private Failures(final int count, final long blockedUntilMs) {
            this.count = count;
            this.blockedUntilMs = blockedUntilMs;
        }
    }
}
