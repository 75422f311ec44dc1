package io.missive.server.e2e;

import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port on 127.0.0.1 that never answers a connect, like a firewall that drops packets: a listener with
 * a backlog of 1 whose accept queue is filled by connections it never accepts, so that the kernel drops
 * every further SYN.
 */
final class BlackHole implements AutoCloseable {

    private final @NotNull ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final @NotNull List<Socket> fillers = new ArrayList<>();

    BlackHole() throws IOException {
        for (int i = 0; i < 64; i++) {
            final Socket filler = new Socket();
            try {
                filler.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 300);
                fillers.add(filler);
            } catch (final SocketTimeoutException full) {
                filler.close();
                return;
            }
        }
        close();
        throw new IllegalStateException("the accept queue never filled up");
    }

    int port() {
        return listener.getLocalPort();
    }

    @NotNull String tcpUri() {
        return "tcp://127.0.0.1:" + port();
    }

    @Override
    public void close() throws IOException {
        for (final Socket filler : fillers) {
            filler.close();
        }
        listener.close();
    }
}
