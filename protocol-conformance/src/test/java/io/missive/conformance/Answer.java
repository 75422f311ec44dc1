package io.missive.conformance;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.Reply;
import org.jetbrains.annotations.NotNull;

/**
 * What a device gets for one request: the PUBACK reason code (0 for a QoS 0 request, which has no
 * PUBACK) and the Reply that echoed the request's correlation data.
 */
record Answer(int reasonCode, @NotNull Reply reply) {

    @NotNull Error error() {
        return reply.getError();
    }

    @NotNull ErrorCode errorCode() {
        return reply.getBodyCase() == Reply.BodyCase.ERROR ? reply.getError().getCode()
                : ErrorCode.ERROR_CODE_UNSPECIFIED;
    }

    @Override
    public @NotNull String toString() {
        return "PUBACK 0x" + Integer.toHexString(reasonCode) + " " + reply.toString().replace('\n', ' ');
    }
}
