package io.missive.server.e2e;

import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of the broker whose connections can be cut abruptly (sockets
 * closed with no MQTT DISCONNECT), the way a phone loses its network.
 */
final class TcpProxy implements AutoCloseable {

    private final @NotNull ServerSocket listener;
    private final int targetPort;
    private final @NotNull List<Socket> open = new CopyOnWriteArrayList<>();
    private final @NotNull Thread acceptor;
    private final @NotNull AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean frozen;

    TcpProxy(final int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @NotNull String uri() {
        return "tcp://127.0.0.1:" + listener.getLocalPort();
    }

    /** How many connections the proxy accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Closes every proxied connection at once, both directions, without any MQTT goodbye. */
    void cut() {
        for (final Socket socket : open) {
            try {
                socket.setSoLinger(true, 0); // RST, like a dropped network
                socket.close();
            } catch (final IOException ignored) {
                // already gone
            }
        }
        open.clear();
    }

    /**
     * From now on, drops everything in both directions but keeps the sockets open: the peer
     * vanished silently (pocket, tunnel, dead battery), and only keepalive can tell.
     */
    void freeze() {
        frozen = true;
    }

    private void accept() {
        while (!closed) {
            try {
                final Socket client = listener.accept();
                accepted.incrementAndGet();
                final Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                open.add(client);
                open.add(server);
                pump(client, server, this);
                pump(server, client, this);
            } catch (final IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private static void pump(final @NotNull Socket from, final @NotNull Socket to, final @NotNull TcpProxy proxy) {
        final Thread thread = new Thread(() -> {
            final byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!proxy.frozen) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (final IOException ignored) {
                // connection cut or closed
            } finally {
                // a frozen link passes nothing on, not even the end of the connection
                if (!proxy.frozen) {
                    try {
                        to.close();
                    } catch (final IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        cut();
    }
}
