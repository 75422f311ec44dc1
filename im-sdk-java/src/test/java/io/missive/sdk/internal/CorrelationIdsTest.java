package io.missive.sdk.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationIdsTest {

    @Test
    void every_request_gets_distinct_correlation_data() {
        final CorrelationIds ids = new CorrelationIds();
        final Set<String> keys = new HashSet<>();

        for (int i = 0; i < 10_000; i++) {
            final byte[] data = ids.next();
            assertThat(data).hasSize(16);
            keys.add(CorrelationIds.key(data));
        }

        assertThat(keys).hasSize(10_000);
    }

    @Test
    void two_clients_do_not_share_correlation_data() {
        assertThat(CorrelationIds.key(new CorrelationIds(1).next()))
                .isNotEqualTo(CorrelationIds.key(new CorrelationIds(2).next()));
    }

    @Test
    void key_is_lowercase_hex_of_the_bytes() {
        assertThat(CorrelationIds.key(new byte[] {0x00, 0x0f, (byte) 0xab, (byte) 0xff})).isEqualTo("000fabff");
    }
}
