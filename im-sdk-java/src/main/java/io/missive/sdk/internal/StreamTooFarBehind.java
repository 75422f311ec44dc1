package io.missive.sdk.internal;

import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;

/** The server answered a sync request with TOO_FAR_BEHIND; the stream continues after {@link #latestVersion()}. */
final class StreamTooFarBehind extends MissiveException {

    private static final long serialVersionUID = 1L;

    private final long latestVersion;

    StreamTooFarBehind(final @NotNull String message, final long latestVersion) {
        super(ErrorCode.TOO_FAR_BEHIND, message);
        this.latestVersion = latestVersion;
    }

    long latestVersion() {
        return latestVersion;
    }
}
