package io.missive.config;

import com.mongodb.ConnectionString;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** The checks behind {@link Setting}: each returns what is wrong ("must be ...") or null. */
public final class Checks {

    /** MongoDB database names: no path separators, dots, spaces, quotes or '$'; under 64 bytes. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[^/\\\\. \"$*<>:|?]{1,63}");

    /** The database part of a Redis URI: {@code /0} .. {@code /99999}. */
    private static final Pattern REDIS_DATABASE = Pattern.compile("/[0-9]{1,5}");

    /** Apple's key and team ids. */
    private static final Pattern APPLE_ID = Pattern.compile("[A-Za-z0-9]{10}");

    private Checks() {
    }

    public static @NotNull Check integer(final int min, final int max) {
        return value -> {
            try {
                final int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return null;
                }
            } catch (final NumberFormatException ignored) {
                // reported below
            }
            return "must be an integer " + min + ".." + max;
        };
    }

    /** A node id ({@code cluster.node-id}); see {@link NodeIds}. */
    public static @Nullable String nodeId(final @NotNull String value) {
        return NodeIds.valid(value) ? null : "must be 1..40 letters, digits, '-' or '_'";
    }

    public static @Nullable String port(final @NotNull String value) {
        return integer(0, 65_535).problem(value);
    }

    public static @Nullable String bool(final @NotNull String value) {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? null : "must be true or false";
    }

    /** One of the two given words, in any case. */
    public static @NotNull Check oneOf(final @NotNull String first, final @NotNull String second) {
        return value -> {
            final String lower = value.toLowerCase(Locale.ROOT);
            return lower.equals(first) || lower.equals(second) ? null : "must be " + first + " or " + second;
        };
    }

    /** One of the given words, in any case. */
    public static @NotNull Check oneOf(final @NotNull String first, final @NotNull String second,
                                       final @NotNull String third) {
        return value -> {
            final String lower = value.toLowerCase(Locale.ROOT);
            return lower.equals(first) || lower.equals(second) || lower.equals(third) ? null
                    : "must be " + first + ", " + second + " or " + third;
        };
    }

    public static @Nullable String bindAddress(final @NotNull String value) {
        if (value.isEmpty()) {
            return "must be an IP address or host name";
        }
        try {
            InetAddress.getByName(value);
            return null;
        } catch (final UnknownHostException e) {
            return "must be an IP address or a resolvable host name";
        }
    }

    /** IP addresses (literals, never looked up) separated by commas; empty: none. */
    public static @Nullable String addressList(final @NotNull String value) {
        for (final String part : value.split(",")) {
            final String address = part.trim();
            if (address.isEmpty() && value.isBlank()) {
                continue;
            }
            final boolean v4 = address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            final boolean v6 = address.contains(":") && address.matches("[0-9A-Fa-f:.]+");
            if (!v4 && !v6) {
                return "must be IP addresses separated by commas";
            }
        }
        return null;
    }

    public static @Nullable String path(final @NotNull String value) {
        if (value.isEmpty()) {
            return "must be a path";
        }
        try {
            Path.of(value);
            return null;
        } catch (final InvalidPathException e) {
            return "must be a path (" + e.getReason() + ")";
        }
    }

    /** An absolute {@code http://} or {@code https://} URL with a host, such as {@code http://10.0.0.7:8080/check}. */
    public static @Nullable String httpUrl(final @NotNull String value) {
        final String problem = "must be an http:// or https:// URL such as http://10.0.0.7:8080/check";
        try {
            final URI uri = new URI(value);
            final String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null && !uri.getHost().isEmpty() && uri.getRawFragment() == null
                    ? null : problem;
        } catch (final URISyntaxException e) {
            return problem;
        }
    }

    public static @Nullable String mongoUri(final @NotNull String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            new ConnectionString(value);
            return null;
        } catch (final IllegalArgumentException e) {
            return "must be empty (embedded store) or a MongoDB connection string such as "
                    + "mongodb://db1,db2,db3/?replicaSet=rs0";
        }
    }

    /**
     * Empty, or one Redis server as {@code redis://[[user]:password@]host[:port][/database]}
     * ({@code rediss://} for TLS).
     */
    public static @Nullable String redisUri(final @NotNull String value) {
        if (value.isEmpty()) {
            return null;
        }
        final String problem = "must be empty (embedded Redis) or a Redis URI such as redis://redis.example.com:6379 "
                + "(redis:// or rediss://, optional user:password@ and /database number)";
        final URI uri;
        try {
            uri = new URI(value);
        } catch (final URISyntaxException e) {
            return problem;
        }
        final String scheme = uri.getScheme();
        final String path = uri.getRawPath();
        final boolean valid = scheme != null
                && (scheme.equalsIgnoreCase("redis") || scheme.equalsIgnoreCase("rediss"))
                && uri.getHost() != null && !uri.getHost().isEmpty()
                && (uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65_535))
                && uri.getRawQuery() == null && uri.getRawFragment() == null
                && (path == null || path.isEmpty() || path.equals("/") || REDIS_DATABASE.matcher(path).matches());
        return valid ? null : problem;
    }

    public static @Nullable String databaseName(final @NotNull String value) {
        return DATABASE_NAME.matcher(value).matches()
                ? null
                : "must be a MongoDB database name (1..63 characters, none of / \\ . space \" $ * < > : | ?)";
    }

    /** A 10-character Apple id (key id or team id); {@code what} names it in the problem. */
    public static @NotNull Check appleId(final @NotNull String what) {
        return value -> APPLE_ID.matcher(value).matches() ? null : "must be the 10-character " + what;
    }

    /** {@code host:port}, or {@code [IPv6 address]:port}; see {@link HostPort}. */
    public static @Nullable String hostPort(final @NotNull String value) {
        return HostPort.parse(value) != null ? null
                : "must be host:port, with an IPv6 address in brackets ([::1]:2197) (empty: Apple's servers)";
    }

    /** The value with any user:password part of a URI masked, for messages and logs. */
    public static @NotNull String redactCredentials(final @NotNull String value) {
        return value.replaceAll("(?<=://)[^/@]*@", "***@");
    }
}
