package io.missive.server.http;

import com.codahale.metrics.MetricRegistry;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.missive.server.MissiveStartException;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The server's HTTP endpoints, for monitoring (JDK HTTP server, two threads of their own):
 * <ul>
 *   <li>{@code GET /metrics}: the broker's whole metric registry, the extension's metrics included,
 *       in Prometheus' text format ({@link PrometheusText});</li>
 *   <li>{@code GET /health}: {@link HealthReport} as JSON, 200 when everything configured is up,
 *       503 otherwise.</li>
 * </ul>
 * Both read what is there (gauges hold the latest results of the extension's checks): a request
 * never waits for MongoDB, Redis or APNs. Nothing else is served; there is no authentication, so
 * keep {@code http.bind-address} on a private network.
 */
public final class HttpEndpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    private static final String JSON = "application/json; charset=utf-8";

    private final @NotNull HttpServer server;
    private final @NotNull ExecutorService threads;

    private HttpEndpoints(final @NotNull HttpServer server, final @NotNull ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Listens on the address and port (0: a free port).
     *
     * @param registry the registry to serve at each request (an empty one while the broker starts:
     *                 {@code /health} then says {@code unknown}, 503)
     * @throws MissiveStartException naming {@code http.port} when it cannot be bound
     */
    public static @NotNull HttpEndpoints start(final @NotNull String bindAddress, final int port,
                                               final @NotNull Supplier<MetricRegistry> registry) {
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 16);
        } catch (final IOException e) {
            throw new MissiveStartException("http.port " + port + " on " + bindAddress + " is not available ("
                    + e.getMessage() + "): another process listens there?", e);
        }
        final AtomicInteger count = new AtomicInteger();
        final ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
            final Thread thread = new Thread(runnable, "missive-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                respond(exchange, registry.get());
            } catch (final IOException | RuntimeException e) {
                LOG.debug("HTTP request {} failed: {}", exchange.getRequestURI(), e.toString());
            }
        });
        server.start();
        return new HttpEndpoints(server, threads);
    }

    private static void respond(final @NotNull HttpExchange exchange, final @NotNull MetricRegistry registry)
            throws IOException {
        final String path = exchange.getRequestURI().getPath();
        final boolean known = path.equals("/metrics") || path.equals("/health");
        final String method = exchange.getRequestMethod();
        if (!known) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found: GET /metrics or /health\n");
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
        } else if (path.equals("/metrics")) {
            send(exchange, 200, PrometheusText.CONTENT_TYPE, PrometheusText.format(registry));
        } else {
            final HealthReport health = HealthReport.of(registry);
            send(exchange, health.httpStatus(), JSON, health.json() + "\n");
        }
    }

    private static void send(final @NotNull HttpExchange exchange, final int status, final @NotNull String type,
                             final @NotNull String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The bound port (the actual one when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening; requests in progress are cut off. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
