package io.missive.server;

import com.mongodb.ConnectionString;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** The checks behind {@link ConfigKey}: each returns what is wrong ("must be ...") or null. */
final class ValueChecks {

    /** MongoDB database names: no path separators, dots, spaces, quotes or '$'; under 64 bytes. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[^/\\\\. \"$*<>:|?]{1,63}");

    private ValueChecks() {
    }

    static @Nullable String integer(final @NotNull String value, final int min, final int max) {
        try {
            final int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return null;
            }
        } catch (final NumberFormatException ignored) {
            // reported below
        }
        return "must be an integer " + min + ".." + max;
    }

    static @Nullable String port(final @NotNull String value) {
        return integer(value, 0, 65_535);
    }

    static @Nullable String bool(final @NotNull String value) {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? null : "must be true or false";
    }

    static @Nullable String bindAddress(final @NotNull String value) {
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

    static @Nullable String path(final @NotNull String value) {
        if (value.isEmpty()) {
            return "must be a directory path";
        }
        try {
            Path.of(value);
            return null;
        } catch (final InvalidPathException e) {
            return "must be a directory path (" + e.getReason() + ")";
        }
    }

    static @Nullable String mongoUri(final @NotNull String value) {
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

    static @Nullable String databaseName(final @NotNull String value) {
        return DATABASE_NAME.matcher(value).matches()
                ? null
                : "must be a MongoDB database name (1..63 characters, none of / \\ . space \" $ * < > : | ?)";
    }

    /** The value with any user:password part of a URI masked, for messages and logs. */
    static @NotNull String redactCredentials(final @NotNull String value) {
        return value.replaceAll("(?<=://)[^/@]*@", "***@");
    }
}
