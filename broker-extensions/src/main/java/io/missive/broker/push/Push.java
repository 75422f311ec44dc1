package io.missive.broker.push;

import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.missive.storage.device.PushToken;
import org.jetbrains.annotations.NotNull;

import java.time.Instant;

/** One notification for one device, with the number of the attempt that sends it. */
public final class Push {

    /** How long APNs keeps trying to reach an offline phone. */
    static final long EXPIRY_SECONDS = 24 * 3600;

    private final @NotNull String userId;
    private final @NotNull String deviceId;
    private final @NotNull PushToken token;
    private final @NotNull String payload;
    private final @NotNull String collapseId;
    private final boolean alert;
    private final @NotNull Instant expiry;
    private final int attempt;

    Push(final @NotNull String userId, final @NotNull String deviceId, final @NotNull PushToken token,
         final @NotNull String payload, final @NotNull String collapseId, final boolean alert) {
        this(userId, deviceId, token, payload, collapseId, alert, Instant.now().plusSeconds(EXPIRY_SECONDS), 1);
    }

    private Push(final @NotNull String userId, final @NotNull String deviceId, final @NotNull PushToken token,
                 final @NotNull String payload, final @NotNull String collapseId, final boolean alert,
                 final @NotNull Instant expiry, final int attempt) {
        this.userId = userId;
        this.deviceId = deviceId;
        this.token = token;
        this.payload = payload;
        this.collapseId = collapseId;
        this.alert = alert;
        this.expiry = expiry;
        this.attempt = attempt;
    }

    public @NotNull String userId() {
        return userId;
    }

    public @NotNull String deviceId() {
        return deviceId;
    }

    public @NotNull PushToken token() {
        return token;
    }

    /** 1 for the first send. */
    public int attempt() {
        return attempt;
    }

    @NotNull Push nextAttempt() {
        return new Push(userId, deviceId, token, payload, collapseId, alert, expiry, attempt + 1);
    }

    /**
     * An alert goes out at once; a silent badge update (a muted conversation) may wait for the
     * phone's convenience. Both are of push type "alert": a badge-only payload is not a background push.
     */
    @NotNull SimpleApnsPushNotification notification() {
        return new SimpleApnsPushNotification(token.token(), token.topic(), payload, expiry,
                alert ? DeliveryPriority.IMMEDIATE : DeliveryPriority.CONSERVE_POWER, PushType.ALERT, collapseId);
    }
}
