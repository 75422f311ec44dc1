package io.missive.sdk.internal;

import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveConnectException;
import io.missive.sdk.MissiveException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import javax.net.ssl.SSLException;

import java.util.Locale;

/** Turns MQTT 5 reason codes (CONNACK, PUBACK, SUBACK) and client failures into SDK errors. */
final class ReasonCodes {

    /** Reason codes from 0x80 up are failures. */
    static final int FIRST_FAILURE = 0x80;

    private ReasonCodes() {
    }

    static boolean isFailure(final int reasonCode) {
        return reasonCode >= FIRST_FAILURE;
    }

    static @NotNull String hex(final int reasonCode) {
        return String.format(Locale.ROOT, "0x%02X", reasonCode);
    }

    /** @return the error for a failing PUBACK of a request */
    static @NotNull ErrorCode ofPublish(final int reasonCode) {
        switch (reasonCode) {
            case 0x87:
                return ErrorCode.NOT_AUTHORIZED;
            case 0x90:
                return ErrorCode.INVALID_ARGUMENT;
            case 0x95:
                return ErrorCode.PAYLOAD_TOO_LARGE;
            case 0x97:
                return ErrorCode.QUOTA_EXCEEDED;
            case 0x99:
                return ErrorCode.MALFORMED;
            default:
                return ErrorCode.UNSPECIFIED;
        }
    }

    /** @return the error for a refusing CONNACK */
    static @NotNull ErrorCode ofConnect(final int reasonCode) {
        switch (reasonCode) {
            case 0x86:
                return ErrorCode.BAD_CREDENTIALS;
            case 0x87:
            case 0x8A:
                return ErrorCode.NOT_AUTHORIZED;
            case 0x85:
                return ErrorCode.INVALID_ARGUMENT;
            case 0x88:
            case 0x89:
                return ErrorCode.INTERNAL;
            case 0x97:
            case 0x9F:
                return ErrorCode.QUOTA_EXCEEDED;
            default:
                return ErrorCode.UNSPECIFIED;
        }
    }

    /** @return the exception for a failed connect attempt: a CONNACK refusal or a client-side failure */
    static @NotNull MissiveConnectException connectFailure(final @NotNull Throwable failure) {
        final int reasonCode = failure instanceof MqttException ? ((MqttException) failure).getReasonCode() : -1;
        if (isFailure(reasonCode) && reasonCode <= 0xFF) {
            return new MissiveConnectException(ofConnect(reasonCode),
                    "server refused the connection with reason code " + hex(reasonCode), reasonCode, failure);
        }
        return new MissiveConnectException(ErrorCode.NOT_CONNECTED,
                "could not connect: " + describe(failure), -1, failure);
    }

    /** @return the exception for a request that could not be published at all */
    static @NotNull MissiveException publishFailure(
            final @NotNull Throwable failure, final @Nullable String clientMsgId) {
        final int reasonCode = failure instanceof MqttException ? ((MqttException) failure).getReasonCode() : -1;
        if (reasonCode == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
            return new MissiveException(ErrorCode.QUOTA_EXCEEDED, "too many requests in flight",
                    clientMsgId, -1, failure);
        }
        return new MissiveException(ErrorCode.NOT_CONNECTED, "request not sent: " + describe(failure),
                clientMsgId, -1, failure);
    }

    static @NotNull String describe(final @NotNull Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SSLException) {
                // e.g. an untrusted or expired certificate, another host name, a pin that does not match
                return "TLS handshake failed: " + cause.getMessage();
            }
        }
        final String message = failure.getMessage();
        return message != null ? message : failure.getClass().getSimpleName();
    }
}
