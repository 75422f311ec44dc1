package io.missive.sdk.internal;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One server URI a client may connect to: {@code tcp://}, {@code ssl://} (MQTT over TLS), {@code ws://}
 * or {@code wss://} (MQTT over WebSocket, plain or TLS), a host and a port (defaults as the MQTT library
 * has them: 1883, 8883, 80, 443). Immutable.
 */
public final class Endpoint {

    private final @NotNull String uri;
    private final @NotNull String scheme;
    private final @NotNull String host;
    private final int port;
    /** The WebSocket request target (path and query); empty for tcp and ssl. */
    private final @NotNull String target;

    private Endpoint(final @NotNull String uri, final @NotNull String scheme, final @NotNull String host,
                     final int port, final @NotNull String target) {
        this.uri = uri;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.target = target;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong, when the URI is not one a client can connect to
     */
    public static @NotNull Endpoint parse(final @Nullable String uri) {
        if (uri == null || uri.trim().isEmpty()) {
            throw new IllegalArgumentException("a server URI must not be empty");
        }
        final URI parsed;
        try {
            parsed = new URI(uri);
        } catch (final URISyntaxException e) {
            throw invalid(uri, e.getReason());
        }
        final String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        final int defaultPort;
        switch (scheme) {
            case "tcp":
                defaultPort = 1883;
                break;
            case "ssl":
                defaultPort = 8883;
                break;
            case "ws":
                defaultPort = 80;
                break;
            case "wss":
                defaultPort = 443;
                break;
            default:
                throw invalid(uri, "the scheme must be tcp, ssl, ws or wss");
        }
        final String host = parsed.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid(uri, "no host (or a host name with characters a host name cannot have)");
        }
        if (parsed.getUserInfo() != null) {
            throw invalid(uri, "credentials do not belong in the URI");
        }
        final int port = parsed.getPort() == -1 ? defaultPort : parsed.getPort();
        if (port < 1 || port > 65_535) {
            throw invalid(uri, "the port must be 1 to 65535");
        }
        final boolean webSocket = scheme.startsWith("ws");
        final String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
        if (!webSocket && (!path.isEmpty() || parsed.getRawQuery() != null)) {
            throw invalid(uri, "a " + scheme + ":// URI has no path (MQTT over WebSocket is ws:// or wss://)");
        }
        if (parsed.getRawFragment() != null) {
            throw invalid(uri, "a server URI has no fragment");
        }
        // the MQTT library asks for /mqtt when the path is empty
        final String target = !webSocket ? ""
                : (path.isEmpty() ? "/mqtt" : path) + (parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery());
        return new Endpoint(uri, scheme, host, port, target);
    }

    /**
     * @throws IllegalArgumentException when one is not valid, or the same endpoint is given twice
     */
    public static @NotNull List<Endpoint> parseAll(final @NotNull List<String> uris) {
        final List<Endpoint> endpoints = new ArrayList<>(uris.size());
        for (final String uri : uris) {
            final Endpoint endpoint = parse(uri);
            for (final Endpoint earlier : endpoints) {
                if (earlier.sameAs(endpoint)) {
                    throw new IllegalArgumentException("server URI given twice: " + earlier + " and " + uri);
                }
            }
            endpoints.add(endpoint);
        }
        return endpoints;
    }

    private static @NotNull IllegalArgumentException invalid(final @NotNull String uri, final @NotNull String why) {
        return new IllegalArgumentException("not a valid server URI: " + uri + " (" + why + ")");
    }

    /** The URI as the application gave it. */
    public @NotNull String uri() {
        return uri;
    }

    @NotNull String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** Whether the connection is made over TLS ({@code ssl://}, {@code wss://}). */
    boolean tls() {
        return scheme.equals("ssl") || scheme.equals("wss");
    }

    /** Whether MQTT runs over WebSocket ({@code ws://}, {@code wss://}). */
    boolean webSocket() {
        return scheme.startsWith("ws");
    }

    /** The request target of the WebSocket upgrade, e.g. {@code /mqtt}. */
    @NotNull String webSocketTarget() {
        return target;
    }

    /** The same server, however the URI was spelled (scheme and host case, default port). */
    boolean sameAs(final @NotNull Endpoint other) {
        return scheme.equals(other.scheme) && host.equalsIgnoreCase(other.host) && port == other.port
                && target.equals(other.target);
    }

    @Override
    public @NotNull String toString() {
        return uri;
    }
}
