package io.missive.broker.push;

import com.eatthepath.pushy.apns.util.ApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.SimpleApnsPayloadBuilder;
import io.missive.broker.config.PushSettings;
import io.missive.protocol.Ids;
import io.missive.storage.conversation.ConversationStore;
import io.missive.storage.conversation.Preview;
import io.missive.storage.message.StoredMessage;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The APNs payload of a notification: the alert as {@code push.preview} allows (full text, sender only,
 * or nothing), the conversation as thread id, the badge, and {@code conversation_id} and {@code seq} for
 * the app to open it.
 */
final class PushPayloads {

    static final String NEW_MESSAGE = "New message";
    private static final int MAX_COLLAPSE_ID_BYTES = 64;

    private PushPayloads() {
    }

    /**
     * @param alert false for a silent badge update
     * @param names display names of senders and the group's name (keyed by the conversation id)
     */
    static @NotNull String payload(final @NotNull PushSettings.Preview preview, final @NotNull StoredMessage message,
                                   final boolean alert, final @Nullable Long badge,
                                   final @NotNull Map<String, String> names) {
        final ApnsPayloadBuilder payload = new SimpleApnsPayloadBuilder();
        if (alert) {
            final String conversation = message.conversationId();
            final boolean group = Ids.isGroupConversation(conversation);
            final String sender = names.getOrDefault(message.senderUserId(), message.senderUserId());
            final String groupName = names.getOrDefault(conversation, "");
            switch (preview) {
                case FULL:
                    payload.setAlertTitle(group ? groupName : sender);
                    payload.setAlertBody(group ? sender + ": " + text(message.text()) : text(message.text()));
                    break;
                case SENDER:
                    payload.setAlertTitle(group ? groupName : sender);
                    payload.setAlertBody(group ? NEW_MESSAGE + " from " + sender : NEW_MESSAGE);
                    break;
                default:
                    payload.setAlertBody(NEW_MESSAGE);
                    break;
            }
            payload.setSound(ApnsPayloadBuilder.DEFAULT_SOUND_FILENAME);
            payload.setThreadId(conversation);
        }
        if (badge != null) {
            payload.setBadgeNumber((int) Math.min(Integer.MAX_VALUE, badge));
        }
        payload.addCustomProperty("conversation_id", message.conversationId());
        payload.addCustomProperty("seq", message.seq());
        return payload.build();
    }

    /** The conversation id, or a digest of it where it is longer than APNs allows (64 bytes). */
    static @NotNull String collapseId(final @NotNull String conversationId) {
        if (conversationId.getBytes(StandardCharsets.UTF_8).length <= MAX_COLLAPSE_ID_BYTES) {
            return conversationId;
        }
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(conversationId.getBytes(StandardCharsets.UTF_8));
            return "h:" + HexFormat.of().formatHex(digest, 0, 24);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @NotNull String text(final @NotNull String text) {
        return Preview.cutMarked(text, ConversationStore.PREVIEW_CHARS);
    }
}
