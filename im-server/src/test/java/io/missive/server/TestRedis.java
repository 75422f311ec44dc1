package io.missive.server;

import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Assumptions;

import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which Redis the tests use, and a minimal Redis client for test harnesses (no client library, so that
 * the test jar needs none).
 *
 * <p>By default every {@link TestServer} (and {@code ServerProcess}) runs the server's embedded Redis,
 * empty at each start. With the system property {@value #URI_PROPERTY} (e.g.
 * {@code -Dmissive.test.redis-uri=redis://127.0.0.1:6390}) they use that external Redis instead
 * ({@code redis.uri}), and EMPTY it (FLUSHALL) before each server start: point it only at a throwaway
 * instance. Tests that stop and start Redis need the embedded one: they call {@link #assumeEmbedded()}.
 */
public final class TestRedis {

    /** The system property naming an external Redis for the tests. */
    public static final @NotNull String URI_PROPERTY = "missive.test.redis-uri";
    /** JUnit tag of the tests that exercise Redis ({@code mvn test -Dgroups=redis}). */
    public static final @NotNull String TAG = "redis";

    private static final int TIMEOUT_MILLIS = 5_000;

    private TestRedis() {
    }

    /** The external Redis given by {@value #URI_PROPERTY}, if any. */
    public static @NotNull Optional<String> externalUri() {
        final String value = System.getProperty(URI_PROPERTY, "").trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** Skips the calling test when the tests use an external Redis (it cannot be stopped and started). */
    public static void assumeEmbedded() {
        Assumptions.assumeTrue(externalUri().isEmpty(),
                "needs the embedded Redis; the tests use the external " + externalUri().orElse("") + " (" + URI_PROPERTY + ")");
    }

    /** True when a Redis on {@code uri} answers PING now. */
    public static boolean answers(final @NotNull String uri) {
        try {
            return "PONG".equals(command(uri, "PING"));
        } catch (final UncheckedIOException e) {
            return false;
        }
    }

    /** Deletes every key of every database. */
    public static void flushAll(final @NotNull String uri) {
        command(uri, "FLUSHALL");
    }

    /**
     * Runs one command on a new connection (authenticating and selecting the database the URI names)
     * and returns its reply: a status or bulk string, an integer as text, null for a nil reply.
     *
     * @throws UncheckedIOException  when Redis is unreachable
     * @throws IllegalStateException when Redis answers with an error or an array
     */
    public static String command(final @NotNull String uri, final @NotNull String... args) {
        final Object reply = reply(uri, args);
        if (reply instanceof List) {
            throw new IllegalStateException(args[0] + " answered an array: use array()");
        }
        return (String) reply;
    }

    /** {@link #command(String, String...)} for a command that answers an array (of strings). */
    public static @NotNull List<String> array(final @NotNull String uri, final @NotNull String... args) {
        final Object reply = reply(uri, args);
        if (!(reply instanceof List)) {
            throw new IllegalStateException(args[0] + " answered " + reply + ", not an array");
        }
        final List<String> strings = new ArrayList<>();
        for (final Object item : (List<?>) reply) {
            strings.add((String) item);
        }
        return strings;
    }

    private static Object reply(final @NotNull String uri, final @NotNull String... args) {
        final URI parsed = URI.create(uri);
        final int port = parsed.getPort() == -1 ? 6379 : parsed.getPort();
        try (Socket socket = "rediss".equalsIgnoreCase(parsed.getScheme())
                ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(parsed.getHost(), port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            final InputStream in = new BufferedInputStream(socket.getInputStream());
            final OutputStream out = socket.getOutputStream();
            final String userInfo = parsed.getRawUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                final int colon = userInfo.indexOf(':');
                final String user = colon < 0 ? "" : decode(userInfo.substring(0, colon));
                final String password = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
                call(in, out, user.isEmpty() ? new String[]{"AUTH", password} : new String[]{"AUTH", user, password});
            }
            final String path = parsed.getPath();
            if (path != null && path.length() > 1) {
                call(in, out, "SELECT", path.substring(1));
            }
            return call(in, out, args);
        } catch (final IOException e) {
            throw new UncheckedIOException("Redis " + uri + ": " + e, e);
        }
    }

    private static Object call(final InputStream in, final OutputStream out, final String... args) throws IOException {
        final ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (final String arg : args) {
            final byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            request.writeBytes(bytes);
            request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(request.toByteArray());
        out.flush();
        return read(in, args[0]);
    }

    private static Object read(final InputStream in, final String command) throws IOException {
        final String line = readLine(in);
        switch (line.isEmpty() ? ' ' : line.charAt(0)) {
            case '+':
            case ':':
                return line.substring(1);
            case '-':
                throw new IllegalStateException("Redis answered " + command + " with: " + line.substring(1));
            case '$': {
                final int length = Integer.parseInt(line.substring(1));
                if (length < 0) {
                    return null;
                }
                final byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                final int count = Integer.parseInt(line.substring(1));
                if (count < 0) {
                    return null;
                }
                final List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in, command));
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply to " + command + ": " + line);
        }
    }

    private static String readLine(final InputStream in) throws IOException {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            final int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed by Redis");
            }
            if (previous == '\r' && next == '\n') {
                final byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(next);
            previous = next;
        }
    }

    private static String decode(final String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
