package io.missive.server.http;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A Dropwizard metric registry in Prometheus' text exposition format, version 0.0.4, mapped the
 * way HiveMQ's Prometheus extension (the Prometheus Java client's Dropwizard bridge) maps it, so
 * that queries and dashboards work against either:
 * <ul>
 *   <li>names: every character outside {@code [a-zA-Z0-9_:]} becomes {@code _}, and a name starting
 *       with a digit gets a {@code _} in front ({@code io.missive.push.sent} → {@code io_missive_push_sent});</li>
 *   <li>a gauge whose value is a number (or a boolean: 1 or 0) → gauge; gauges of other values, and
 *       gauges that fail when read, are left out;</li>
 *   <li>a counter → gauge (a Dropwizard counter can go down);</li>
 *   <li>a meter → counter {@code <name>_total};</li>
 *   <li>a histogram → summary: quantiles 0.5, 0.75, 0.95, 0.98, 0.99, 0.999 and {@code <name>_count};</li>
 *   <li>a timer → summary likewise, in seconds.</li>
 * </ul>
 * Families are written in name order, each with {@code # HELP} (the Dropwizard name) and
 * {@code # TYPE}. A metric whose names, once sanitized, collide with those of one written before
 * (in the order of the Dropwizard names) is left out: Prometheus refuses duplicate series.
 */
public final class PrometheusText {

    public static final @NotNull String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final Pattern INVALID = Pattern.compile("[^a-zA-Z0-9_:]");

    private PrometheusText() {
    }

    /** Every metric of the registry, as one exposition. */
    public static @NotNull String format(final @NotNull MetricRegistry registry) {
        final Map<String, Family> families = new TreeMap<>();
        final Set<String> taken = new HashSet<>();
        new TreeMap<>(registry.getMetrics()).forEach((name, metric) -> {
            final Family family = family(name, metric);
            if (family != null && family.names().stream().noneMatch(taken::contains)) {
                taken.addAll(family.names());
                families.put(family.name, family);
            }
        });
        final StringBuilder out = new StringBuilder(families.size() * 128);
        families.values().forEach(family -> family.writeTo(out));
        return out.toString();
    }

    /** A name Prometheus accepts: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    public static @NotNull String sanitize(final @NotNull String name) {
        final String replaced = INVALID.matcher(name).replaceAll("_");
        return replaced.isEmpty() || Character.isDigit(replaced.charAt(0)) ? "_" + replaced : replaced;
    }

    private static @Nullable Family family(final @NotNull String name, final @NotNull Metric metric) {
        final String sanitized = sanitize(name);
        if (metric instanceof Gauge) {
            final String value = gaugeValue((Gauge<?>) metric);
            return value == null ? null : new Family(sanitized, "gauge", name, "gauge")
                    .sample(sanitized, null, value);
        }
        if (metric instanceof Counter) {
            return new Family(sanitized, "gauge", name, "counter")
                    .sample(sanitized, null, Long.toString(((Counter) metric).getCount()));
        }
        if (metric instanceof Meter) {
            final String total = sanitized + "_total";
            return new Family(total, "counter", name, "meter")
                    .sample(total, null, Long.toString(((Meter) metric).getCount()));
        }
        if (metric instanceof Timer) {
            final Timer timer = (Timer) metric;
            return summary(sanitized, name, "timer, seconds", timer.getSnapshot(), timer.getCount(), NANOS_PER_SECOND);
        }
        if (metric instanceof Histogram) {
            final Histogram histogram = (Histogram) metric;
            return summary(sanitized, name, "histogram", histogram.getSnapshot(), histogram.getCount(), 1.0);
        }
        return null;
    }

    private static @NotNull Family summary(final @NotNull String sanitized, final @NotNull String name,
                                           final @NotNull String kind, final @NotNull Snapshot snapshot,
                                           final long count, final double divisor) {
        final Family family = new Family(sanitized, "summary", name, kind);
        for (final double quantile : QUANTILES) {
            family.sample(sanitized, "quantile=\"" + quantile + "\"", number(snapshot.getValue(quantile) / divisor));
        }
        return family.sample(sanitized + "_count", null, Long.toString(count));
    }

    /** The gauge's value as Prometheus writes it; null when it is not a number or cannot be read. */
    private static @Nullable String gaugeValue(final @NotNull Gauge<?> gauge) {
        final Object value;
        try {
            value = gauge.getValue();
        } catch (final RuntimeException e) {
            return null;
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "1" : "0";
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof AtomicLong || value instanceof AtomicInteger || value instanceof BigInteger) {
            return value.toString();
        }
        return value instanceof Number ? number(((Number) value).doubleValue()) : null;
    }

    /** A float as Prometheus reads it: {@code NaN}, {@code +Inf}, {@code -Inf} or a decimal. */
    static @NotNull String number(final double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }

    /** One metric family: its {@code # HELP}, {@code # TYPE} and sample lines. */
    private static final class Family {
        private final @NotNull String name;
        private final @NotNull String type;
        private final @NotNull String help;
        private final @NotNull List<String> samples = new ArrayList<>();
        private final @NotNull Set<String> sampleNames = new HashSet<>();

        Family(final @NotNull String name, final @NotNull String type, final @NotNull String dropwizardName,
               final @NotNull String kind) {
            this.name = name;
            this.type = type;
            this.help = dropwizardName.replace("\\", "\\\\").replace("\n", "\\n") + " (Dropwizard " + kind + ")";
        }

        @NotNull Family sample(final @NotNull String sampleName, final @Nullable String labels,
                               final @NotNull String value) {
            sampleNames.add(sampleName);
            samples.add(sampleName + (labels == null ? "" : "{" + labels + "}") + " " + value);
            return this;
        }

        @NotNull Set<String> names() {
            final Set<String> names = new HashSet<>(sampleNames);
            names.add(name);
            return names;
        }

        void writeTo(final @NotNull StringBuilder out) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            samples.forEach(line -> out.append(line).append('\n'));
        }
    }
}
