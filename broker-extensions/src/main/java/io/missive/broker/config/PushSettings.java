package io.missive.broker.config;

import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * {@code push.*}: APNs notifications for devices without a connection. Push is off when no
 * signing key is configured.
 */
public final class PushSettings {

    /** What an alert shows of a message. */
    public enum Preview {
        /** Sender (and group) name and the message text. */
        FULL,
        /** Sender (and group) name, with "New message" instead of the text. */
        SENDER,
        /** Only "New message": nothing about who wrote or what. */
        NONE
    }

    public static final @NotNull PushSettings OFF = new PushSettings(null, "", 0, List.of(), Preview.FULL,
            250, 1_000, 10_000, 5, 1_000);

    private final @Nullable ApnsSigningKey signingKey;
    private final @NotNull String host;
    private final int port;
    private final @NotNull List<X509Certificate> trustedCertificates;
    private final @NotNull Preview preview;
    private final int flushMs;
    private final int maxInFlight;
    private final int maxQueued;
    private final int maxAttempts;
    private final int retryBaseMs;

    public PushSettings(final @Nullable ApnsSigningKey signingKey, final @NotNull String host, final int port,
                        final @NotNull List<X509Certificate> trustedCertificates, final @NotNull Preview preview,
                        final int flushMs, final int maxInFlight, final int maxQueued, final int maxAttempts,
                        final int retryBaseMs) {
        this.signingKey = signingKey;
        this.host = host;
        this.port = port;
        this.trustedCertificates = List.copyOf(trustedCertificates);
        this.preview = preview;
        this.flushMs = flushMs;
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
        this.maxAttempts = maxAttempts;
        this.retryBaseMs = retryBaseMs;
    }

    public boolean enabled() {
        return signingKey != null;
    }

    /** {@code push.apns.key-file}, {@code push.apns.key-id}, {@code push.apns.team-id}: the token-auth key. */
    public @Nullable ApnsSigningKey signingKey() {
        return signingKey;
    }

    /** {@code push.apns.server} host: "" for Apple's (production or development by the device's registration). */
    public @NotNull String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code push.apns.trusted-cert}: certificates to trust instead of the JDK's (a mock server's). */
    public @NotNull List<X509Certificate> trustedCertificates() {
        return trustedCertificates;
    }

    /** {@code push.preview}. */
    public @NotNull Preview preview() {
        return preview;
    }

    /** {@code push.flush-ms}: how long a conversation's messages are gathered into one notification per device. */
    public int flushMs() {
        return flushMs;
    }

    /** {@code push.max-in-flight}: notifications sent and not yet answered, at most. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** {@code push.max-queued}: notifications waiting to be sent, at most; more are dropped (and counted). */
    public int maxQueued() {
        return maxQueued;
    }

    /** {@code push.max-attempts}: sends of one notification when APNs is unreachable, throttles or fails. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** {@code push.retry-base-ms}: the first retry's delay; it doubles with each further one. */
    public int retryBaseMs() {
        return retryBaseMs;
    }
}
