package io.missive.server.http;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class HealthReportTest {

    private static MetricRegistry gauges(final int mongo, final int redis, final int apns) {
        final MetricRegistry registry = new MetricRegistry();
        registry.register("io.missive.health.mongo", (Gauge<Integer>) () -> mongo);
        registry.register("io.missive.health.redis", (Gauge<Integer>) () -> redis);
        registry.register("io.missive.health.apns", (Gauge<Integer>) () -> apns);
        return registry;
    }

    @Test
    void up_when_everything_configured_answers() {
        final HealthReport report = HealthReport.of(gauges(1, 1, -1));
        assertThat(report.up()).isTrue();
        assertThat(report.httpStatus()).isEqualTo(200);
        assertThat(report.json()).isEqualTo("{\"status\":\"up\",\"mongo\":\"up\",\"redis\":\"up\",\"apns\":\"disabled\"}");
    }

    @Test
    void down_naming_the_part_that_does_not_answer() {
        final HealthReport report = HealthReport.of(gauges(1, 0, 1));
        assertThat(report.up()).isFalse();
        assertThat(report.httpStatus()).isEqualTo(503);
        assertThat(report.json()).isEqualTo("{\"status\":\"down\",\"mongo\":\"up\",\"redis\":\"down\",\"apns\":\"up\"}");
    }

    @Test
    void unknown_and_down_without_the_extensions_gauges() {
        final HealthReport report = HealthReport.of(new MetricRegistry());
        assertThat(report.parts()).containsOnly(
                entry("mongo", "unknown"),
                entry("redis", "unknown"),
                entry("apns", "unknown"));
        assertThat(report.httpStatus()).isEqualTo(503);
    }
}
