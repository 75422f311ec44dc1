package io.missive.sdk.internal;

import io.missive.protocol.v1.Uplink;
import io.missive.sdk.Contact;
import io.missive.sdk.PushRegistration;
import io.missive.sdk.ReadState;
import io.missive.sdk.UnreadCounts;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The requests about the user's own state besides groups: read positions, unread counts, contact
 * relations and this device's push registration. Marking read is idempotent and monotonic on the
 * server, so an attempt that fails in a way worth retrying is sent again unchanged, up to
 * {@link #MAX_ATTEMPTS} attempts. Contact changes carry no request id: they are sent once, like the
 * reads. Push registrations are sent once too: a register attempt repeated behind the caller's
 * back could land after an unregister the app sent meanwhile (a log-out), and register the device
 * again. Thread-safe.
 */
final class UserStateRequests {

    /** How many times one read position is sent at most. */
    static final int MAX_ATTEMPTS = 4;

    private final @NotNull String userId;
    private final @NotNull RequestAttempts attempts;
    private final @NotNull Consumer<Contact> contactChanged;

    /**
     * @param userId         the user of this client: read positions in answers are theirs
     * @param contactChanged told the relation a contact change answered with, before its caller
     */
    UserStateRequests(final @NotNull String userId, final @NotNull RequestAttempts.Channel channel,
                      final @NotNull Timers timers, final @NotNull Backoff retries,
                      final @NotNull Consumer<Contact> contactChanged) {
        this.userId = userId;
        this.attempts = new RequestAttempts(channel, timers, retries, MAX_ATTEMPTS);
        this.contactChanged = contactChanged;
    }

    @NotNull CompletableFuture<ReadState> markRead(final @NotNull String conversationId, final long seq) {
        return attempts.retried(ReadCodec.markRead(conversationId, seq), reply -> ReadCodec.toReadState(reply, userId));
    }

    @NotNull CompletableFuture<UnreadCounts> unreadCounts() {
        return attempts.once(ReadCodec.getUnread(), ReadCodec::toUnreadCounts);
    }

    @NotNull CompletableFuture<List<String>> readBy(final @NotNull String conversationId, final long seq) {
        return attempts.once(ReadCodec.readBy(conversationId, seq), ReadCodec::toReadBy);
    }

    @NotNull CompletableFuture<Contact> requestContact(final @NotNull String otherUserId) {
        return contactChange(ContactCodec.requestContact(otherUserId));
    }

    @NotNull CompletableFuture<Contact> acceptContact(final @NotNull String otherUserId) {
        return contactChange(ContactCodec.acceptContact(otherUserId));
    }

    @NotNull CompletableFuture<Contact> removeContact(final @NotNull String otherUserId) {
        return contactChange(ContactCodec.removeContact(otherUserId));
    }

    @NotNull CompletableFuture<Contact> blockUser(final @NotNull String otherUserId) {
        return contactChange(ContactCodec.blockUser(otherUserId));
    }

    @NotNull CompletableFuture<Contact> unblockUser(final @NotNull String otherUserId) {
        return contactChange(ContactCodec.unblockUser(otherUserId));
    }

    @NotNull CompletableFuture<List<Contact>> listContacts() {
        return attempts.once(ContactCodec.listContacts(), ContactCodec::toContacts);
    }

    @NotNull CompletableFuture<PushRegistration> registerPush(final @NotNull String apnsToken,
                                                              final @NotNull String topic, final boolean sandbox) {
        return attempts.once(PushCodec.registerPush(apnsToken, topic, sandbox), PushCodec::toPushRegistration);
    }

    @NotNull CompletableFuture<PushRegistration> unregisterPush() {
        return attempts.once(PushCodec.unregisterPush(), PushCodec::toPushRegistration);
    }

    private @NotNull CompletableFuture<Contact> contactChange(final @NotNull Uplink uplink) {
        return attempts.once(uplink, reply -> {
            final Contact contact = ContactCodec.toContact(reply);
            contactChanged.accept(contact);
            return contact;
        });
    }
}
