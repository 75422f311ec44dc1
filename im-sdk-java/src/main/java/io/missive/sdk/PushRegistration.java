package io.missive.sdk;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * This device's registration for push notifications through Apple's APNs, as answered by
 * {@link MissiveClient#registerPush} and {@link MissiveClient#unregisterPush()}. The server keeps
 * one registration per device; the APNs token itself is not part of the answer.
 */
public final class PushRegistration {

    /** The fewest hex digits of an APNs device token. */
    public static final int MIN_TOKEN_DIGITS = 16;
    /** The most hex digits of an APNs device token. */
    public static final int MAX_TOKEN_DIGITS = 200;
    /** The most characters of an APNs topic (the app's bundle id). */
    public static final int MAX_TOPIC_LENGTH = 200;

    private static final @NotNull Pattern TOKEN =
            Pattern.compile("(?:[0-9A-Fa-f]{2}){" + MIN_TOKEN_DIGITS / 2 + "," + MAX_TOKEN_DIGITS / 2 + "}");
    private static final @NotNull Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_TOPIC_LENGTH + "}");
    private static final @NotNull PushRegistration NONE = new PushRegistration(false, "", false);

    private final boolean registered;
    private final @NotNull String topic;
    private final boolean sandbox;

    private PushRegistration(final boolean registered, final @NotNull String topic, final boolean sandbox) {
        this.registered = registered;
        this.topic = topic;
        this.sandbox = sandbox;
    }

    /**
     * @param topic   the APNs topic (the app's bundle id); ignored when not registered
     * @param sandbox APNs' development environment; ignored when not registered
     */
    public static @NotNull PushRegistration of(final boolean registered, final @NotNull String topic,
                                               final boolean sandbox) {
        Objects.requireNonNull(topic, "topic");
        return registered ? new PushRegistration(true, topic, sandbox) : NONE;
    }

    /** @return the answer for a device without a registration */
    public static @NotNull PushRegistration notRegistered() {
        return NONE;
    }

    /**
     * @return true for an APNs device token as the server accepts it: {@value #MIN_TOKEN_DIGITS} to
     *         {@value #MAX_TOKEN_DIGITS} hex digits (either case), an even count, nothing else
     */
    public static boolean isValidApnsToken(final @Nullable String apnsToken) {
        return apnsToken != null && TOKEN.matcher(apnsToken).matches();
    }

    /**
     * @return true for an APNs topic as the server accepts it: 1 to {@value #MAX_TOPIC_LENGTH}
     *         characters of {@code A-Z a-z 0-9 . _ -}
     */
    public static boolean isValidTopic(final @Nullable String topic) {
        return topic != null && TOPIC.matcher(topic).matches();
    }

    /** @return true when the server will send this device push notifications while it has no connection */
    public boolean registered() {
        return registered;
    }

    /** @return the APNs topic (the app's bundle id) notifications are sent with; "" when not registered */
    public @NotNull String topic() {
        return topic;
    }

    /** @return true when notifications go through APNs' development (sandbox) environment; false when not registered */
    public boolean sandbox() {
        return sandbox;
    }

    @Override
    public boolean equals(final @Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PushRegistration)) {
            return false;
        }
        final PushRegistration that = (PushRegistration) o;
        return registered == that.registered && sandbox == that.sandbox && topic.equals(that.topic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registered, topic, sandbox);
    }

    @Override
    public @NotNull String toString() {
        return registered
                ? "PushRegistration{" + topic + (sandbox ? " sandbox" : " production") + '}'
                : "PushRegistration{none}";
    }
}
