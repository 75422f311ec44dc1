package io.missive.conformance;

import org.jetbrains.annotations.NotNull;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/**
 * Plain TCP sockets with Nagle's algorithm off: a request and its acknowledgements are small
 * packets, and without this each round trip waits for the peer's delayed ACK.
 */
final class NoDelaySockets extends SocketFactory {

    static final @NotNull NoDelaySockets INSTANCE = new NoDelaySockets();

    private NoDelaySockets() {
    }

    @Override
    public @NotNull Socket createSocket() throws IOException {
        final Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public @NotNull Socket createSocket(final String host, final int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public @NotNull Socket createSocket(final String host, final int port, final InetAddress localHost,
                                        final int localPort) throws IOException {
        return noDelay(new Socket(host, port, localHost, localPort));
    }

    @Override
    public @NotNull Socket createSocket(final InetAddress host, final int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public @NotNull Socket createSocket(final InetAddress address, final int port, final InetAddress localAddress,
                                        final int localPort) throws IOException {
        return noDelay(new Socket(address, port, localAddress, localPort));
    }

    private static @NotNull Socket noDelay(final @NotNull Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
