package io.missive.storage.device;

import org.jetbrains.annotations.NotNull;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A device's APNs registration: its device token (lower-case hex), the app's topic and environment. */
public final class PushToken {

    private static final Pattern TOKEN = Pattern.compile("(?:[0-9a-f]{2}){8,100}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final @NotNull String token;
    private final @NotNull String topic;
    private final boolean sandbox;

    public PushToken(final @NotNull String token, final @NotNull String topic, final boolean sandbox) {
        this.token = token.toLowerCase(Locale.ROOT);
        this.topic = topic;
        this.sandbox = sandbox;
    }

    /** 16..200 hex digits, an even count (the token's bytes as iOS hands them over). */
    public static boolean isValidToken(final @NotNull String token) {
        return TOKEN.matcher(token.toLowerCase(Locale.ROOT)).matches();
    }

    /** A bundle id: 1..200 characters of [A-Za-z0-9._-]. */
    public static boolean isValidTopic(final @NotNull String topic) {
        return TOPIC.matcher(topic).matches();
    }

    public @NotNull String token() {
        return token;
    }

    public @NotNull String topic() {
        return topic;
    }

    /** Delivered through APNs' development environment. */
    public boolean sandbox() {
        return sandbox;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof PushToken && ((PushToken) o).token.equals(token) && ((PushToken) o).topic.equals(topic)
                && ((PushToken) o).sandbox == sandbox;
    }

    @Override
    public int hashCode() {
        return Objects.hash(token, topic, sandbox);
    }

    @Override
    public @NotNull String toString() {
        // a token identifies a phone: logs get a prefix only
        return "PushToken[" + token.substring(0, 8) + "…, " + topic + (sandbox ? ", sandbox]" : "]");
    }
}
