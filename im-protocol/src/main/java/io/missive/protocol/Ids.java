package io.missive.protocol;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.regex.Pattern;

/**
 * Identifier rules shared by server and clients. User ids and device ids (the MQTT client id) are
 * embedded in topic names, so they may not contain '/', '+', '#', whitespace or start with '$'.
 */
public final class Ids {

    /** User ids: 1..64 characters of letters, digits, '_', '.', '-'; starting with a letter or digit. */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Device ids (MQTT client ids): 1..64 characters of letters, digits, '_', '.', '-'. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Client message ids: 1..64 characters of letters, digits, '_', '.', ':', '-'. */
    private static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** Direct (1:1) conversation ids: "dm:" + the two user ids in ascending order, ':'-separated. */
    private static final String DIRECT_PREFIX = "dm:";

    private Ids() {
    }

    public static boolean isValidUserId(final @Nullable String id) {
        return id != null && USER_ID.matcher(id).matches();
    }

    public static boolean isValidDeviceId(final @Nullable String id) {
        return id != null && DEVICE_ID.matcher(id).matches();
    }

    public static boolean isValidClientMsgId(final @Nullable String id) {
        return id != null && CLIENT_MSG_ID.matcher(id).matches();
    }

    /** The id of the 1:1 conversation between two users; the same whichever of them asks. */
    public static @NotNull String directConversation(final @NotNull String userA, final @NotNull String userB) {
        return userA.compareTo(userB) <= 0
                ? DIRECT_PREFIX + userA + ":" + userB
                : DIRECT_PREFIX + userB + ":" + userA;
    }

    /**
     * @return the two participants of a direct conversation id, or null when the id is not a
     *         well-formed direct conversation id
     */
    public static @Nullable String[] directParticipants(final @NotNull String conversationId) {
        if (!conversationId.startsWith(DIRECT_PREFIX)) {
            return null;
        }
        final String[] parts = conversationId.substring(DIRECT_PREFIX.length()).split(":", -1);
        if (parts.length != 2 || !isValidUserId(parts[0]) || !isValidUserId(parts[1])
                || parts[0].compareTo(parts[1]) > 0) {
            return null;
        }
        return parts;
    }
}
