package io.missive.protocol;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    /**
     * The prefix of the client ids a HiveMQ broker assigns to a client that connects without one
     * ({@code hmq_...}): reserved, so that such a client is refused even by a broker configured to
     * assign ids (a device needs the same id at every connect).
     */
    private static final String BROKER_ASSIGNED_PREFIX = "hmq_";
    /** Client message ids: 1..64 characters of letters, digits, '_', '.', ':', '-'. */
    private static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** Direct (1:1) conversation ids: "dm:" + the two user ids in ascending order, ':'-separated. */
    private static final String DIRECT_PREFIX = "dm:";
    /** Group conversation ids: "g:" + 26 characters of lower-case base32 (130 bits). */
    private static final Pattern GROUP = Pattern.compile("g:[a-z2-7]{26}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Ids() {
    }

    public static boolean isValidUserId(final @Nullable String id) {
        return id != null && USER_ID.matcher(id).matches();
    }

    public static boolean isValidDeviceId(final @Nullable String id) {
        return id != null && DEVICE_ID.matcher(id).matches() && !id.startsWith(BROKER_ASSIGNED_PREFIX);
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

    public static boolean isGroupConversation(final @Nullable String conversationId) {
        return conversationId != null && GROUP.matcher(conversationId).matches();
    }

    /**
     * The id of the group a user creates with a request id: derived, not random, so that a resent
     * create request names the same group and cannot create a second one.
     */
    public static @NotNull String groupConversation(final @NotNull String creator, final @NotNull String requestId) {
        final byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest((creator + "\u0000" + requestId).getBytes(StandardCharsets.UTF_8));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        final StringBuilder id = new StringBuilder("g:");
        // 26 base32 characters take 130 bits: read them 5 bits at a time from the digest.
        for (int i = 0; i < 26; i++) {
            final int bit = i * 5;
            final int pair = ((digest[bit / 8] & 0xFF) << 8) | (digest[bit / 8 + 1] & 0xFF);
            id.append(BASE32[(pair >> (11 - bit % 8)) & 0x1F]);
        }
        return id.toString();
    }
}
