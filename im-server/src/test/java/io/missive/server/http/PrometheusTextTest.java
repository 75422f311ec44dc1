package io.missive.server.http;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.codahale.metrics.UniformReservoir;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    /** A line of the 0.0.4 text format as this formatter writes it: comment, or sample with optional quantile. */
    private static final Pattern LINE = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+"
            + "|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{quantile=\"[0-9.]+\"})? (NaN|[+-]Inf|-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?)");

    private static List<String> lines(final MetricRegistry registry) {
        return PrometheusText.format(registry).lines().toList();
    }

    @Test
    void names_become_valid_prometheus_names() {
        assertThat(PrometheusText.sanitize("io.missive.push.tokens-removed")).isEqualTo("io_missive_push_tokens_removed");
        assertThat(PrometheusText.sanitize("com.hivemq.networking.bytes.read.total"))
                .isEqualTo("com_hivemq_networking_bytes_read_total");
        assertThat(PrometheusText.sanitize("1st.metric")).isEqualTo("_1st_metric");
        assertThat(PrometheusText.sanitize("already_valid:name")).isEqualTo("already_valid:name");
        assertThat(PrometheusText.sanitize("grüße")).isEqualTo("gr__e");
    }

    @Test
    void gauges_counters_and_meters_are_written_with_their_types() {
        final MetricRegistry registry = new MetricRegistry();
        registry.register("io.missive.mongo.commands", (Gauge<Long>) () -> 42L);
        registry.register("io.missive.health.apns", (Gauge<Integer>) () -> -1);
        registry.register("jvm.load", (Gauge<Double>) () -> 0.25);
        registry.register("feature.on", (Gauge<Boolean>) () -> true);
        registry.counter("sessions.open").inc(3);
        registry.meter("io.missive.messages.received").mark(5);

        assertThat(lines(registry)).containsExactly(
                "# HELP feature_on feature.on (Dropwizard gauge)",
                "# TYPE feature_on gauge",
                "feature_on 1",
                "# HELP io_missive_health_apns io.missive.health.apns (Dropwizard gauge)",
                "# TYPE io_missive_health_apns gauge",
                "io_missive_health_apns -1",
                "# HELP io_missive_messages_received_total io.missive.messages.received (Dropwizard meter)",
                "# TYPE io_missive_messages_received_total counter",
                "io_missive_messages_received_total 5",
                "# HELP io_missive_mongo_commands io.missive.mongo.commands (Dropwizard gauge)",
                "# TYPE io_missive_mongo_commands gauge",
                "io_missive_mongo_commands 42",
                "# HELP jvm_load jvm.load (Dropwizard gauge)",
                "# TYPE jvm_load gauge",
                "jvm_load 0.25",
                "# HELP sessions_open sessions.open (Dropwizard counter)",
                "# TYPE sessions_open gauge",
                "sessions_open 3");
    }

    @Test
    void timers_are_summaries_in_seconds_and_histograms_summaries_of_their_values() {
        final MetricRegistry registry = new MetricRegistry();
        final Timer timer = registry.register("io.missive.mongo.command-latency", new Timer(new UniformReservoir()));
        for (int i = 0; i < 10; i++) {
            timer.update(2, TimeUnit.MILLISECONDS);
        }
        final Histogram sizes = registry.register("batch.size", new Histogram(new UniformReservoir()));
        sizes.update(7);
        sizes.update(7);

        assertThat(lines(registry)).containsExactly(
                "# HELP batch_size batch.size (Dropwizard histogram)",
                "# TYPE batch_size summary",
                "batch_size{quantile=\"0.5\"} 7.0",
                "batch_size{quantile=\"0.75\"} 7.0",
                "batch_size{quantile=\"0.95\"} 7.0",
                "batch_size{quantile=\"0.98\"} 7.0",
                "batch_size{quantile=\"0.99\"} 7.0",
                "batch_size{quantile=\"0.999\"} 7.0",
                "batch_size_count 2",
                "# HELP io_missive_mongo_command_latency io.missive.mongo.command-latency (Dropwizard timer, seconds)",
                "# TYPE io_missive_mongo_command_latency summary",
                "io_missive_mongo_command_latency{quantile=\"0.5\"} 0.002",
                "io_missive_mongo_command_latency{quantile=\"0.75\"} 0.002",
                "io_missive_mongo_command_latency{quantile=\"0.95\"} 0.002",
                "io_missive_mongo_command_latency{quantile=\"0.98\"} 0.002",
                "io_missive_mongo_command_latency{quantile=\"0.99\"} 0.002",
                "io_missive_mongo_command_latency{quantile=\"0.999\"} 0.002",
                "io_missive_mongo_command_latency_count 10");
    }

    @Test
    void gauges_without_a_number_are_left_out_and_special_values_are_spelled_as_prometheus_reads_them() {
        final MetricRegistry registry = new MetricRegistry();
        registry.register("text", (Gauge<String>) () -> "not a number");
        registry.register("broken", (Gauge<Long>) () -> {
            throw new IllegalStateException("cannot be read now");
        });
        registry.register("nothing", (Gauge<Object>) () -> null);
        registry.register("ratio.nan", (Gauge<Double>) () -> Double.NaN);
        registry.register("ratio.inf", (Gauge<Double>) () -> Double.NEGATIVE_INFINITY);

        assertThat(lines(registry)).filteredOn(line -> !line.startsWith("#"))
                .containsExactly("ratio_inf -Inf", "ratio_nan NaN");
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void names_that_collide_once_sanitized_are_written_once() {
        final MetricRegistry registry = new MetricRegistry();
        registry.register("a.b", (Gauge<Integer>) () -> 1);
        registry.register("a-b", (Gauge<Integer>) () -> 2);
        registry.meter("sent").mark();
        registry.register("sent.total", (Gauge<Integer>) () -> 3);
        registry.timer("latency").update(1, TimeUnit.SECONDS);
        registry.register("latency.count", (Gauge<Integer>) () -> 4);

        final List<String> samples = lines(registry).stream().filter(l -> !l.startsWith("#")).toList();
        // Dropwizard name order decides: '-' sorts before '.', a meter's _total and a summary's _count are reserved
        assertThat(samples).contains("a_b 2", "sent_total 1", "latency_count 1")
                .doesNotContain("a_b 1", "sent_total 3", "latency_count 4");
        assertThat(samples.stream().filter(l -> !l.startsWith("latency{")).map(l -> l.replaceAll(" .*", "")))
                .containsExactlyInAnyOrder("a_b", "sent_total", "latency_count");
    }

    @Test
    void every_line_of_a_full_registry_is_valid_exposition_format() {
        final MetricRegistry registry = new MetricRegistry();
        registry.register("io.missive.push.tokens-removed", (Gauge<Long>) () -> 0L);
        registry.register("com.hivemq.clients.half-open", (Gauge<Double>) () -> 1e-7);
        registry.counter("9lives").inc();
        registry.meter("io.missive.sync.acks").mark(3);
        registry.timer("io.missive.redis.command-latency").update(150, TimeUnit.MICROSECONDS);

        final String text = PrometheusText.format(registry);
        assertThat(text).endsWith("\n");
        assertThat(text.lines()).allSatisfy(line -> assertThat(line).matches(LINE));
        assertThat(text).contains("com_hivemq_clients_half_open 1.0E-7", "_9lives 1", "io_missive_sync_acks_total 3",
                "io_missive_redis_command_latency{quantile=\"0.99\"} 1.5E-4");
    }
}
