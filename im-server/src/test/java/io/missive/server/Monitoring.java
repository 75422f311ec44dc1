package io.missive.server;

import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Reads a test server's HTTP endpoints ({@code /metrics}, {@code /health}) as a monitoring system would. */
public final class Monitoring {

    private static final @NotNull HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Monitoring() {
    }

    /** {@code method path} on the server's HTTP endpoints, e.g. {@code get(SERVER, "GET", "/health")}. */
    public static @NotNull HttpResponse<String> request(final @NotNull TestServer server, final @NotNull String method,
                                                        final @NotNull String path) {
        final String base = server.server().httpUri().orElseThrow(() -> new IllegalStateException("HTTP is off"));
        final HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static @NotNull HttpResponse<String> get(final @NotNull TestServer server, final @NotNull String path) {
        return request(server, "GET", path);
    }

    /**
     * Scrapes {@code /metrics}: every sample by its name with labels as written, e.g.
     * {@code io_missive_messages_received_total} or {@code io_missive_mongo_command_latency{quantile="0.5"}}.
     */
    public static @NotNull Map<String, Double> scrape(final @NotNull TestServer server) {
        final HttpResponse<String> response = get(server, "/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode());
        }
        final Map<String, Double> samples = new HashMap<>();
        response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            final int space = line.lastIndexOf(' ');
            final String value = line.substring(space + 1);
            samples.put(line.substring(0, space), value.equals("+Inf") ? Double.POSITIVE_INFINITY
                    : value.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(value));
        });
        return samples;
    }

    /** One sample of {@link #scrape(TestServer)}; fails when the server does not expose it. */
    public static double sample(final @NotNull TestServer server, final @NotNull String name) {
        final Double value = scrape(server).get(name);
        if (value == null) {
            throw new AssertionError("/metrics has no sample " + name);
        }
        return value;
    }
}
