package io.missive.broker.request;

import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.missive.protocol.v1.ErrorCode;
import org.jetbrains.annotations.NotNull;

/**
 * A request that is refused: the device gets {@link #code()} in an Error reply and
 * {@link #ackReasonCode()} in the PUBACK; nothing was changed.
 *
 * <p>Throwing it is the one way to refuse a request: while the request is checked, before its
 * handler returns a future, or inside one of that future's stages. Both end the same way.
 */
public final class RequestException extends RuntimeException {

    /** Longest PUBACK reason string sent. */
    static final int MAX_REASON_CHARS = 200;

    private final @NotNull ErrorCode code;
    private final @NotNull AckReasonCode ackReasonCode;
    private final long latestVersion;
    private final long retryAfterMs;

    public RequestException(final @NotNull ErrorCode code, final @NotNull String message) {
        this(code, message, 0);
    }

    /** With TOO_FAR_BEHIND: the version the device continues after once it has rebuilt. */
    public RequestException(final @NotNull ErrorCode code, final @NotNull String message, final long latestVersion) {
        this(code, message, latestVersion, 0);
    }

    private RequestException(final @NotNull ErrorCode code, final @NotNull String message, final long latestVersion,
                             final long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.ackReasonCode = ackFor(code);
        this.latestVersion = latestVersion;
        this.retryAfterMs = retryAfterMs;
    }

    /** BUSY: nothing was done; the same request may be sent again after {@code retryAfterMs}. */
    public static @NotNull RequestException busy(final @NotNull String message, final long retryAfterMs) {
        return new RequestException(ErrorCode.BUSY, message, 0, retryAfterMs);
    }

    /** RATE_LIMITED: the device is over its limit; nothing was done; it may send again after {@code retryAfterMs}. */
    public static @NotNull RequestException rateLimited(final @NotNull String message, final long retryAfterMs) {
        return new RequestException(ErrorCode.RATE_LIMITED, message, 0, retryAfterMs);
    }

    /** With BUSY and RATE_LIMITED: how long the device should wait before sending the request again. */
    public long retryAfterMs() {
        return retryAfterMs;
    }

    /**
     * The message as the PUBACK's reason string: it may quote what the device sent (an id), so control
     * characters are replaced (MQTT clients may take a reason string with them for a malformed packet,
     * and never acknowledge the request) and it is cut at {@value #MAX_REASON_CHARS} characters.
     */
    public @NotNull String reasonString() {
        final String message = getMessage() == null ? "" : getMessage();
        final StringBuilder clean = new StringBuilder(Math.min(message.length(), MAX_REASON_CHARS));
        for (int i = 0; i < message.length() && clean.length() < MAX_REASON_CHARS; i++) {
            final char c = message.charAt(i);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        return clean.toString();
    }

    public long latestVersion() {
        return latestVersion;
    }

    public @NotNull ErrorCode code() {
        return code;
    }

    public @NotNull AckReasonCode ackReasonCode() {
        return ackReasonCode;
    }

    private static @NotNull AckReasonCode ackFor(final @NotNull ErrorCode code) {
        switch (code) {
            case MALFORMED:
                return AckReasonCode.PAYLOAD_FORMAT_INVALID;
            case PAYLOAD_TOO_LARGE:
            case BUSY:
            case RATE_LIMITED:
                return AckReasonCode.QUOTA_EXCEEDED;
            case NOT_AUTHORIZED:
            case NOT_A_MEMBER:
                return AckReasonCode.NOT_AUTHORIZED;
            case INTERNAL:
                return AckReasonCode.UNSPECIFIED_ERROR;
            default:
                return AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
        }
    }
}
