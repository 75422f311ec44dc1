package io.missive.broker.links;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A link checker service on 127.0.0.1 for tests: answers every POST with the status and body set,
 * or never ({@link #silent()}) until it is closed. Records the bodies it was sent.
 */
final class CheckerServer implements AutoCloseable {

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<HttpExchange> held = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile boolean silent;

    CheckerServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/check", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + " " + exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
            if (silent) {
                held.add(exchange); // answered never: closed with the server
                return;
            }
            final byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/check");
    }

    CheckerServer answer(final int status, final String body) {
        this.silent = false;
        this.status = status;
        this.body = body;
        return this;
    }

    CheckerServer silent() {
        this.silent = true;
        return this;
    }

    boolean silentNow() {
        return silent;
    }

    /** What it was sent: "body METHOD content-type", in order. */
    List<String> requests() {
        return requests;
    }

    @Override
    public void close() {
        held.forEach(HttpExchange::close);
        server.stop(0);
    }
}
