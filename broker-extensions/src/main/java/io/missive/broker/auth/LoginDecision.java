package io.missive.broker.auth;

import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/** The answer to a CONNECT: accepted (maybe with a new device token) or refused with a reason code. */
public final class LoginDecision {

    private final @Nullable ConnackReasonCode refusal;
    private final @NotNull String reason;
    private final @Nullable String issuedToken;

    private LoginDecision(final @Nullable ConnackReasonCode refusal, final @NotNull String reason,
                          final @Nullable String issuedToken) {
        this.refusal = refusal;
        this.reason = reason;
        this.issuedToken = issuedToken;
    }

    public static @NotNull LoginDecision accept(final @Nullable String issuedToken) {
        return new LoginDecision(null, "", issuedToken);
    }

    public static @NotNull LoginDecision refuse(final @NotNull ConnackReasonCode code, final @NotNull String reason) {
        return new LoginDecision(code, reason, null);
    }

    public boolean accepted() {
        return refusal == null;
    }

    public @Nullable ConnackReasonCode refusal() {
        return refusal;
    }

    public @NotNull String reason() {
        return reason;
    }

    /** A token issued by this login (password logins), to hand to the device in the CONNACK. */
    public @Nullable String issuedToken() {
        return issuedToken;
    }
}
