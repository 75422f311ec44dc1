package io.missive.broker.auth;

import io.missive.broker.config.RateLimitSettings;
import io.missive.broker.store.Workers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Workers workers = new Workers();

    @AfterEach
    void close() {
        workers.close();
    }

    @Test
    void an_address_beyond_its_burst_waits_and_exempt_addresses_never_do() throws Exception {
        final ConnectLimits limits = new ConnectLimits(new RateLimitSettings(0, 1, 0, 1, 0, 1, 1, 2, Set.of("::1")),
                workers, now::get);
        final Optional<InetAddress> remote = Optional.of(InetAddress.getByName("192.0.2.7"));
        final Optional<InetAddress> loopback6 = Optional.of(InetAddress.getByName("0:0:0:0:0:0:0:1"));

        assertThat(limits.take(remote)).isZero();
        assertThat(limits.take(remote)).isZero();
        assertThat(limits.take(remote)).isEqualTo(1_000);
        for (int i = 0; i < 10; i++) {
            assertThat(limits.take(loopback6)).isZero();
        }
        assertThat(limits.take(Optional.of(InetAddress.getByName("127.0.0.1")))).as("not exempt here").isZero();
        assertThat(limits.take(Optional.empty())).isZero();
    }
}
