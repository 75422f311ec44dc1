package io.missive.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Commands a Redis server has executed so far (INFO commandstats), read over a plain socket. */
final class RedisInfo {

    private static final Pattern CALLS = Pattern.compile("cmdstat_([a-z|_-]+):calls=(\\d+)");

    private RedisInfo() {
    }

    /** The total of calls of every command except INFO itself (and the connection handshake's HELLO/CLIENT). */
    static long commands(final int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            final InputStream in = socket.getInputStream();
            final StringBuilder header = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("Redis closed the connection");
                }
                header.append((char) c);
            }
            final int length = Integer.parseInt(header.toString().trim().substring(1));
            final String body = new String(in.readNBytes(length), StandardCharsets.US_ASCII);
            long total = 0;
            final Matcher matcher = CALLS.matcher(body);
            while (matcher.find()) {
                final String command = matcher.group(1);
                if (!command.equals("info") && !command.equals("hello") && !command.startsWith("client")
                        && !command.equals("ping")) {
                    total += Long.parseLong(matcher.group(2));
                }
            }
            return total;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read INFO commandstats from Redis on port " + port, e);
        }
    }
}
