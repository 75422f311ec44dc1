package io.missive.broker.sync;

import io.missive.broker.request.Protos;
import io.missive.protocol.v1.Contact;
import io.missive.protocol.v1.ConversationSettings;
import io.missive.protocol.v1.ReadState;
import io.missive.protocol.v1.SyncEvent;
import io.missive.storage.MongoStores;
import io.missive.storage.message.StoredMessage;
import io.missive.storage.sync.SyncEntry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** Turns stored sync entries into wire events, loading the messages they reference in one query. */
@Singleton
public final class SyncPages {

    private final @NotNull MongoStores stores;

    @Inject
    public SyncPages(final @NotNull MongoStores stores) {
        this.stores = stores;
    }

    public @NotNull CompletableFuture<List<SyncEvent>> events(final @NotNull List<SyncEntry> entries) {
        final List<String> ids = entries.stream().filter(e -> SyncEntry.TYPE_MESSAGE.equals(e.type()))
                .map(SyncEntry::messageId).distinct().collect(Collectors.toList());
        return stores.messages().byIds(ids).thenApply(messages -> toEvents(entries, messages));
    }

    private static @NotNull List<SyncEvent> toEvents(final @NotNull List<SyncEntry> entries,
                                                     final @NotNull Map<String, StoredMessage> messages) {
        return entries.stream().map(entry -> {
            final SyncEvent.Builder event = SyncEvent.newBuilder().setVersion(entry.version());
            if (SyncEntry.TYPE_READ.equals(entry.type())) {
                return event.setRead(ReadState.newBuilder().setConversationId(entry.conversationId())
                        .setUserId(entry.reader()).setSeq(entry.seq()).setUnread(-1)).build();
            }
            if (SyncEntry.TYPE_CONTACT.equals(entry.type())) {
                return event.setContact(Contact.newBuilder().setUserId(entry.conversationId())
                        .setState(Protos.contactState(entry.contactState())).setSinceMs(entry.createdAtMs())).build();
            }
            if (SyncEntry.TYPE_SETTINGS.equals(entry.type())) {
                return event.setSettings(ConversationSettings.newBuilder().setConversationId(entry.conversationId())
                        .setMuted(entry.muted()).setLabel(entry.label())).build();
            }
            final StoredMessage message = messages.get(entry.messageId());
            // An entry whose message is gone still carries its version, so the stream stays gap-free.
            if (message != null) {
                event.setMessage(Protos.message(message));
            }
            return event.build();
        }).collect(Collectors.toList());
    }
}
