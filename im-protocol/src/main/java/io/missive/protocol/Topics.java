package io.missive.protocol;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * Topic names of the Missive protocol. Every topic embeds ids that were validated by {@link Ids},
 * so none of them contains a level separator or a wildcard.
 *
 * <ul>
 *   <li>{@code im/up/{userId}/{deviceId}}: uplink. The device publishes requests here; the server
 *       consumes them and the broker never delivers them to any subscriber.</li>
 *   <li>{@code im/u/{userId}}: the user's sync stream, delivered to every device of the user.</li>
 *   <li>{@code im/d/{userId}/{deviceId}}: replies meant for one device (acks, pages, errors).</li>
 * </ul>
 */
public final class Topics {

    public static final @NotNull String ROOT = "im";
    public static final @NotNull String UPLINK_PREFIX = ROOT + "/up/";
    public static final @NotNull String USER_PREFIX = ROOT + "/u/";
    public static final @NotNull String DEVICE_PREFIX = ROOT + "/d/";

    private Topics() {
    }

    public static @NotNull String uplink(final @NotNull String userId, final @NotNull String deviceId) {
        return UPLINK_PREFIX + userId + "/" + deviceId;
    }

    public static @NotNull String userStream(final @NotNull String userId) {
        return USER_PREFIX + userId;
    }

    public static @NotNull String deviceReplies(final @NotNull String userId, final @NotNull String deviceId) {
        return DEVICE_PREFIX + userId + "/" + deviceId;
    }

    public static boolean isUplink(final @NotNull String topic) {
        return topic.startsWith(UPLINK_PREFIX);
    }

    /**
     * @return the user id of a sync-stream topic, or null when the topic is not one
     */
    public static @Nullable String userOfStream(final @NotNull String topic) {
        if (!topic.startsWith(USER_PREFIX)) {
            return null;
        }
        final String rest = topic.substring(USER_PREFIX.length());
        return Ids.isValidUserId(rest) ? rest : null;
    }
}
