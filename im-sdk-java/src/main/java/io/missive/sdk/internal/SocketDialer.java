package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Dials with blocking sockets on an executor: the TCP connection, then the TLS handshake for
 * {@code ssl://} and {@code wss://} (the server's certificate and host name checked as the MQTT
 * connection checks them), then the WebSocket upgrade for {@code ws://} and {@code wss://} (the
 * server must answer {@code 101}). Closing a dial closes its socket, which ends a blocking connect,
 * handshake or read at once, and with it the dial's thread.
 */
final class SocketDialer implements Dialer {

    /** The longest upgrade answer read (status line and headers). */
    private static final int MAX_UPGRADE_RESPONSE = 8_192;
    private static final @NotNull SecureRandom RANDOM = new SecureRandom();

    private final @NotNull Executor executor;
    private final @NotNull Supplier<SSLSocketFactory> tls;
    private final int timeoutMs;

    /**
     * @param executor  runs each dial's blocking work on a thread of its own (a dial holds it until done)
     * @param tls       the socket factory of TLS endpoints, asked only when one is dialed
     * @param timeoutMs bounds each step: connecting, the TLS handshake, the WebSocket upgrade
     */
    SocketDialer(final @NotNull Executor executor, final @NotNull Supplier<SSLSocketFactory> tls, final int timeoutMs) {
        this.executor = executor;
        this.tls = tls;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public @NotNull Dial dial(final @NotNull Endpoint endpoint) {
        final SocketDial dial = new SocketDial(endpoint);
        try {
            executor.execute(dial::run);
        } catch (final RejectedExecutionException e) {
            dial.fail(new IOException("client is closed"));
        }
        return dial;
    }

    private final class SocketDial implements Dial {

        private final @NotNull Endpoint endpoint;
        private final @NotNull CompletableFuture<Void> established = new CompletableFuture<>();
        private @Nullable Socket socket;
        private boolean closed;

        SocketDial(final @NotNull Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public @NotNull CompletableFuture<Void> established() {
            return established;
        }

        @Override
        public void close() {
            final Socket open;
            synchronized (this) {
                closed = true;
                open = socket;
            }
            quietlyClose(open);
            fail(new IOException("dial to " + endpoint + " abandoned"));
        }

        void fail(final @NotNull Throwable failure) {
            established.completeExceptionally(failure);
        }

        void run() {
            final Socket plain = new Socket();
            Socket open = plain;
            try {
                // creates the socket's file descriptor now: closing a socket that has none yet only marks it
                // closed, and a connect already past that check would then block for the whole timeout
                plain.setSoTimeout(timeoutMs);
                if (!adopt(plain)) {
                    return;
                }
                plain.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMs);
                if (endpoint.tls()) {
                    final SSLSocket secure = (SSLSocket) tls.get().createSocket(plain, endpoint.host(), endpoint.port(), true);
                    open = secure;
                    final SSLParameters parameters = secure.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the host name, as the MQTT connection checks it
                    secure.setSSLParameters(parameters);
                    secure.startHandshake();
                }
                if (endpoint.webSocket()) {
                    upgrade(open);
                }
                established.complete(null);
            } catch (final IOException | RuntimeException e) {
                fail(e instanceof SocketTimeoutException
                        ? new SocketTimeoutException("no answer from " + endpoint + " within " + timeoutMs + " ms")
                        : e);
            } finally {
                synchronized (this) {
                    socket = null;
                }
                // a dial only finds out that the endpoint answers; the MQTT connection opens its own
                quietlyClose(open);
                quietlyClose(plain);
            }
        }

        /**
         * Keeps the TCP socket where {@link #close()} finds it: closing it ends a blocking connect, TLS
         * handshake or read at once.
         *
         * @return false when the dial was closed already
         */
        private boolean adopt(final @NotNull Socket plain) {
            synchronized (this) {
                if (!closed) {
                    socket = plain;
                    return true;
                }
            }
            return false;
        }

        private void upgrade(final @NotNull Socket open) throws IOException {
            final byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            final String request = "GET " + endpoint.webSocketTarget() + " HTTP/1.1\r\n"
                    + "Host: " + endpoint.host() + ':' + endpoint.port() + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Protocol: mqtt\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            final OutputStream out = open.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final String status = statusLine(open.getInputStream());
            if (!status.matches("HTTP/1\\.1 101( .*)?")) {
                throw new IOException("WebSocket upgrade refused by " + endpoint + ": " + status);
            }
        }
    }

    /** Reads the answer's header up to its blank line and returns its first line. */
    private static @NotNull String statusLine(final @NotNull InputStream in) throws IOException {
        final StringBuilder header = new StringBuilder();
        while (header.length() < MAX_UPGRADE_RESPONSE && header.indexOf("\r\n\r\n") < 0) {
            final int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the WebSocket upgrade");
            }
            header.append((char) b);
        }
        final int end = header.indexOf("\r\n");
        return end < 0 ? header.toString() : header.substring(0, end);
    }

    private static void quietlyClose(final @Nullable Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (final IOException ignored) {
                // nothing left to release
            }
        }
    }
}
