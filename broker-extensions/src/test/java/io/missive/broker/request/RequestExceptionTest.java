package io.missive.broker.request;

import io.missive.protocol.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestExceptionTest {

    @Test
    void the_reason_string_has_no_control_characters_and_a_bounded_length() {
        final RequestException quoting = new RequestException(ErrorCode.NOT_A_MEMBER,
                "not a conversation of yours: lm:alice\u001abob\n\u0000");

        assertThat(quoting.reasonString()).isEqualTo("not a conversation of yours: lm:alice?bob??");
        assertThat(quoting.getMessage()).contains("\u001a"); // the Error reply keeps it as sent
        assertThat(new RequestException(ErrorCode.INVALID_ARGUMENT, "x".repeat(1_000)).reasonString())
                .hasSize(RequestException.MAX_REASON_CHARS);
        assertThat(new RequestException(ErrorCode.INVALID_ARGUMENT, "name \u00e9\u00e8 \ud83d\ude00").reasonString())
                .isEqualTo("name \u00e9\u00e8 \ud83d\ude00");
    }
}
