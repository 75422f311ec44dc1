package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * Connecting failed. When the server refused the connection, {@link #reasonCode()} holds the
 * CONNACK reason code (0x86 bad user name or password, 0x87 not authorized, 0x85 client identifier
 * not valid, 0x9F connection rate exceeded); when the server could not be reached it is empty and
 * the code is {@link ErrorCode#NOT_CONNECTED}.
 */
public final class MissiveConnectException extends MissiveException {

    private static final long serialVersionUID = 1L;

    public MissiveConnectException(
            final @NotNull ErrorCode code,
            final @NotNull String message,
            final int reasonCode,
            final @Nullable Throwable cause) {
        super(code, message, null, reasonCode, cause);
    }
}
