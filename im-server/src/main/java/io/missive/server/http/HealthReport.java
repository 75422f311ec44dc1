package io.missive.server.http;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import org.jetbrains.annotations.NotNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /health} answers, from the Missive extension's health gauges
 * ({@code io.missive.health.<part>}: 1 up, 0 down, -1 not configured) in the broker's registry.
 * Each part is {@code up}, {@code down}, {@code disabled} (not configured, e.g. push off) or
 * {@code unknown} (no gauge: the extension does not run); the whole is up when every part is up
 * or disabled.
 */
public final class HealthReport {

    /** The parts checked, as named in the JSON and in the gauges. */
    public static final @NotNull List<String> PARTS = List.of("mongo", "redis", "apns");
    public static final @NotNull String GAUGE_PREFIX = "io.missive.health.";

    private final @NotNull Map<String, String> parts;

    private HealthReport(final @NotNull Map<String, String> parts) {
        this.parts = parts;
    }

    /** Reads the gauges now (they hold the latest result of the extension's periodic checks). */
    public static @NotNull HealthReport of(final @NotNull MetricRegistry registry) {
        final Map<String, Metric> metrics = registry.getMetrics();
        final Map<String, String> parts = new LinkedHashMap<>();
        for (final String part : PARTS) {
            parts.put(part, state(metrics.get(GAUGE_PREFIX + part)));
        }
        return new HealthReport(parts);
    }

    private static @NotNull String state(final Metric metric) {
        if (!(metric instanceof Gauge)) {
            return "unknown";
        }
        final Object value;
        try {
            value = ((Gauge<?>) metric).getValue();
        } catch (final RuntimeException e) {
            return "unknown";
        }
        if (!(value instanceof Number)) {
            return "unknown";
        }
        switch (((Number) value).intValue()) {
            case 1:
                return "up";
            case 0:
                return "down";
            case -1:
                return "disabled";
            default:
                return "unknown";
        }
    }

    /** True when every part is up or disabled. */
    public boolean up() {
        return parts.values().stream().allMatch(s -> s.equals("up") || s.equals("disabled"));
    }

    /** Each part's state ({@code up}, {@code down}, {@code disabled}, {@code unknown}), in {@link #PARTS} order. */
    public @NotNull Map<String, String> parts() {
        return Map.copyOf(parts);
    }

    /** 200 when {@link #up()}, else 503. */
    public int httpStatus() {
        return up() ? 200 : 503;
    }

    /** E.g. {@code {"status":"up","mongo":"up","redis":"up","apns":"disabled"}}. */
    public @NotNull String json() {
        final StringBuilder json = new StringBuilder("{\"status\":\"").append(up() ? "up" : "down").append('"');
        parts.forEach((part, state) -> json.append(",\"").append(part).append("\":\"").append(state).append('"'));
        return json.append('}').toString();
    }
}
