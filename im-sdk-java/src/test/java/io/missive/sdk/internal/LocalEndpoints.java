package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Endpoints on 127.0.0.1 that answer, refuse, never answer, or answer a WebSocket upgrade. Close it after the test. */
final class LocalEndpoints implements AutoCloseable {

    private final List<AutoCloseable> open = new ArrayList<>();

    /** A port that accepts connections (the accept queue is emptied by a thread of its own). */
    Listener listener() throws IOException {
        return remember(new Listener(null));
    }

    /** A port that accepts connections and answers an HTTP upgrade with this status line. */
    Listener webSocket(final String statusLine) throws IOException {
        return remember(new Listener(statusLine));
    }

    /** A port where nothing listens: connecting is refused at once. */
    int refusingPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * A port whose accept queue is full (backlog 1, filled by connections never accepted): the kernel
     * drops further SYNs, so a connect gets no answer at all, like a firewall that drops packets.
     */
    int blackHolePort() throws IOException {
        final ServerSocket server = remember(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        for (int i = 0; i < 64; i++) {
            final Socket filler = new Socket();
            try {
                filler.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 300);
                remember(filler);
            } catch (final SocketTimeoutException full) {
                filler.close();
                return server.getLocalPort();
            }
        }
        throw new IllegalStateException("the accept queue never filled up");
    }

    private <T extends AutoCloseable> T remember(final T closeable) {
        synchronized (open) {
            open.add(closeable);
        }
        return closeable;
    }

    @Override
    public void close() throws Exception {
        synchronized (open) {
            for (final AutoCloseable closeable : open) {
                closeable.close();
            }
            open.clear();
        }
    }

    /** Accepts connections and counts them; answers upgrades when made for WebSocket. */
    static final class Listener implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final String statusLine;
        private final Thread acceptor;

        private Listener(final String statusLine) throws IOException {
            this.statusLine = statusLine;
            this.acceptor = new Thread(this::accept, "local-endpoint-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        private void accept() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    accepted.incrementAndGet();
                    if (statusLine != null) {
                        answerUpgrade(socket);
                    }
                } catch (final IOException e) {
                    // closed, or the client went away
                }
            }
        }

        private void answerUpgrade(final @NotNull Socket socket) throws IOException {
            final InputStream in = socket.getInputStream();
            final StringBuilder request = new StringBuilder();
            int b;
            while (request.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
                request.append((char) b);
            }
            final OutputStream out = socket.getOutputStream();
            out.write((statusLine + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // wait for the client to close
            while (in.read() >= 0) {
                request.setLength(0);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
