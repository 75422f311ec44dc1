package io.missive.sdk.internal;

import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveConnectException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSecurityException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class ReasonCodesTest {

    @Test
    void refused_password_is_bad_credentials_with_the_connack_code() {
        final MissiveConnectException e = ReasonCodes.connectFailure(new MqttSecurityException(0x86));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_CREDENTIALS);
        assertThat(e.reasonCode()).hasValue(0x86);
        assertThat(e.getMessage()).contains("0x86");
    }

    @Test
    void connack_refusals_map_to_what_the_app_must_do() {
        assertThat(ReasonCodes.connectFailure(new MqttSecurityException(0x87)).code())
                .isEqualTo(ErrorCode.NOT_AUTHORIZED);
        assertThat(ReasonCodes.connectFailure(new MqttException(0x85)).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(ReasonCodes.connectFailure(new MqttException(0x9F)).isRetryable()).isTrue();
    }

    @Test
    void unreachable_server_is_not_connected_without_reason_code() {
        final MqttException unreachable = new MqttException(MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
                new ConnectException("Connection refused"));

        final MissiveConnectException e = ReasonCodes.connectFailure(unreachable);

        assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONNECTED);
        assertThat(e.reasonCode()).isEmpty();
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void failing_puback_codes_map_to_error_codes() {
        assertThat(ReasonCodes.ofPublish(0x87)).isEqualTo(ErrorCode.NOT_AUTHORIZED);
        assertThat(ReasonCodes.ofPublish(0x99)).isEqualTo(ErrorCode.MALFORMED);
        assertThat(ReasonCodes.ofPublish(0x97)).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(ReasonCodes.ofPublish(0x83)).isEqualTo(ErrorCode.UNSPECIFIED);
        assertThat(ReasonCodes.isFailure(0x10)).isFalse();
        assertThat(ReasonCodes.isFailure(0x80)).isTrue();
    }

    @Test
    void a_full_inflight_window_is_retryable_and_keeps_the_client_msg_id() {
        assertThat(ReasonCodes.publishFailure(new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT), "m-1"))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
                    assertThat(e.clientMsgId()).contains("m-1");
                });
    }
}
