package io.missive.sdk.internal;

import io.missive.protocol.Ids;
import io.missive.sdk.PushRegistration;
import org.jetbrains.annotations.NotNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Checks the arguments of the client's calls before anything is sent: a call with a bad argument
 * throws IllegalArgumentException (or NullPointerException) at once instead of failing its future.
 */
final class Arguments {

    private Arguments() {
    }

    static void requireConversation(final @NotNull String conversationId) {
        if (conversationId.isEmpty()) {
            throw new IllegalArgumentException("conversation id must not be empty");
        }
    }

    static void requireDeviceId(final @NotNull String deviceId) {
        if (deviceId.isEmpty()) {
            throw new IllegalArgumentException("device id must not be empty");
        }
    }

    static void requireSeq(final long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be 1 or more, was " + seq);
        }
    }

    static void requireUserId(final @NotNull String userId) {
        if (!Ids.isValidUserId(userId)) {
            throw new IllegalArgumentException("not a valid user id: " + userId);
        }
    }

    /** @return the ids, checked and copied */
    static @NotNull List<String> userIds(final @NotNull Collection<String> userIds, final boolean mayBeEmpty) {
        if (userIds.isEmpty() && !mayBeEmpty) {
            throw new IllegalArgumentException("at least one user id is required");
        }
        final List<String> copy = new ArrayList<>(userIds.size());
        for (final String userId : userIds) {
            if (!Ids.isValidUserId(userId)) {
                throw new IllegalArgumentException("not a valid user id: " + userId);
            }
            copy.add(userId);
        }
        return copy;
    }

    static @NotNull List<String> distinct(final @NotNull List<String> userIds) {
        return new ArrayList<>(new LinkedHashSet<>(userIds));
    }

    static void requireLimit(final int limit, final int max) {
        if (limit < 1 || limit > max) {
            throw new IllegalArgumentException("limit must be 1.." + max + ", was " + limit);
        }
    }

    /** Refuses a bad token without quoting it: the message may end up in logs. */
    static void requireApnsToken(final @NotNull String apnsToken) {
        if (PushRegistration.isValidApnsToken(Objects.requireNonNull(apnsToken, "apnsToken"))) {
            return;
        }
        final boolean hex = apnsToken.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
        throw new IllegalArgumentException("not an APNs device token: it needs " + PushRegistration.MIN_TOKEN_DIGITS
                + ".." + PushRegistration.MAX_TOKEN_DIGITS + " hex digits, an even count, and has "
                + apnsToken.length() + (hex ? " hex digits" : " characters, not all hex digits"));
    }

    static void requireTopic(final @NotNull String topic) {
        if (!PushRegistration.isValidTopic(Objects.requireNonNull(topic, "topic"))) {
            throw new IllegalArgumentException("not an APNs topic (the app's bundle id, 1.."
                    + PushRegistration.MAX_TOPIC_LENGTH + " characters of A-Z a-z 0-9 . _ -): " + topic);
        }
    }
}
