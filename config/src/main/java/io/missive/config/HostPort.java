package io.missive.config;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server address as configured: {@code host:port}, where host is a name, an IPv4 address or an
 * IPv6 address in brackets ({@code [::1]:2197}); port 1..65535. The host keeps its brackets: Java
 * and Netty resolve {@code [::1]} as the IPv6 address.
 */
public record HostPort(@NotNull String host, int port) {

    private static final Pattern FORM = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^\\s:\\[\\]]+):([0-9]{1,5})");

    /** The address, or null when the value is not of that form. */
    public static @Nullable HostPort parse(final @NotNull String value) {
        final Matcher matcher = FORM.matcher(value);
        if (!matcher.matches()) {
            return null;
        }
        final int port = Integer.parseInt(matcher.group(2));
        return port >= 1 && port <= 65_535 ? new HostPort(matcher.group(1), port) : null;
    }
}
