package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A request or connection failed. The futures returned by {@link MissiveClient} complete
 * exceptionally with this exception (or a subclass).
 */
public class MissiveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final @NotNull ErrorCode code;
    private final @Nullable String clientMsgId;
    private final int reasonCode;
    private final long retryAfterMs;

    public MissiveException(final @NotNull ErrorCode code, final @NotNull String message) {
        this(code, message, null, -1, null);
    }

    /**
     * @param clientMsgId the client message id of the failed send, if the request was a send
     * @param reasonCode  the MQTT reason code the server answered with, or -1 when there was none
     * @param cause       the underlying failure, if any
     */
    public MissiveException(
            final @NotNull ErrorCode code,
            final @NotNull String message,
            final @Nullable String clientMsgId,
            final int reasonCode,
            final @Nullable Throwable cause) {
        this(code, message, clientMsgId, reasonCode, 0, cause);
    }

    /**
     * @param retryAfterMs how long the server asked to wait before the request is repeated (BUSY), 0 for no wait
     */
    public MissiveException(
            final @NotNull ErrorCode code,
            final @NotNull String message,
            final @Nullable String clientMsgId,
            final int reasonCode,
            final long retryAfterMs,
            final @Nullable Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.clientMsgId = clientMsgId;
        this.reasonCode = reasonCode;
        this.retryAfterMs = Math.max(0, retryAfterMs);
    }

    /** @return how long the server asked to wait before the request is repeated (with {@link ErrorCode#BUSY}) */
    public @NotNull Optional<Duration> retryAfter() {
        return retryAfterMs == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(retryAfterMs));
    }

    public @NotNull ErrorCode code() {
        return code;
    }

    /** @return the client message id of the failed send; resend with it to retry idempotently */
    public @NotNull Optional<String> clientMsgId() {
        return Optional.ofNullable(clientMsgId);
    }

    /** @return the MQTT reason code (CONNACK or PUBACK) the server refused with, if any */
    public @NotNull OptionalInt reasonCode() {
        return reasonCode < 0 ? OptionalInt.empty() : OptionalInt.of(reasonCode);
    }

    /** @return true when repeating the request later may succeed */
    public boolean isRetryable() {
        return code.isRetryable();
    }
}
