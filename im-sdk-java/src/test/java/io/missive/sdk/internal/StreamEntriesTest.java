package io.missive.sdk.internal;

import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncPage;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.Contact;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.ConversationType;
import io.missive.sdk.Presence;
import io.missive.sdk.ReadState;
import io.missive.sdk.SyncCursor;
import io.missive.sdk.SyncStore;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.missive.sdk.internal.FakeSyncServer.emptyPage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream's entries besides messages (read positions, contact changes) and the live presence
 * events (version 0) through the sync session: entries are delivered in version order and count as
 * processed versions (cursor and ack); presence is delivered at once, never buffered, never
 * acknowledged, and leaves both the versioned stream and the group path alone.
 */
class StreamEntriesTest {

    static {
        Logger.getLogger(SyncSession.class.getName()).setLevel(Level.OFF);
        Logger.getLogger(GroupSync.class.getName()).setLevel(Level.OFF);
    }

    private static final String G = "g:" + "a".repeat(26);

    private final FakeSyncServer server = new FakeSyncServer();
    private final ManualTimers timers = new ManualTimers();
    private final Store store = new Store();
    /** Everything the session handed out, in order: "msg dm:alice:bob#1", "read bob 4", ... */
    private final List<String> log = new ArrayList<>();
    private final List<ReadState> reads = new ArrayList<>();
    private int syncedSignals;
    private final SyncSession session = new SyncSession("alice", server, new DeviceCursor(store),
            new SyncSession.Sink() {
                @Override
                public void message(final @NotNull ChatMessage message) {
                    log.add("msg " + message.conversationId() + "#" + message.seq());
                }

                @Override
                public void settings(final @NotNull ConversationSettings settings) {
                    log.add("settings " + settings.conversationId());
                }

                @Override
                public void read(final @NotNull ReadState state) {
                    reads.add(state);
                    log.add("read " + state.userId() + " " + state.seq());
                }

                @Override
                public void contact(final @NotNull Contact contact) {
                    log.add("contact " + contact.userId() + " " + contact.state());
                }

                @Override
                public void presence(final @NotNull Presence presence) {
                    log.add("presence " + presence.userId() + (presence.online() ? " online" : " offline"));
                }

                @Override
                public void synced() {
                    syncedSignals++;
                }

                @Override
                public void unsynced() {
                }
            }, new SyncAcks(server::ack, timers), timers, Runnable::run, new Backoff(500, 30_000, () -> 0.0), 1_000);

    // ---- helpers ----------------------------------------------------------------------------

    private static SyncEvent message(final long version, final String conversationId, final long seq) {
        return SyncEvent.newBuilder().setVersion(version).setMessage(Message.newBuilder()
                .setConversationId(conversationId).setSeq(seq).setMessageId(conversationId + "#" + seq)
                .setSenderUserId("bob").setSenderDeviceId("bob-phone").setClientMsgId("c-" + seq)
                .setServerTimeMs(seq * 1_000).setContent(Content.newBuilder().setText("text " + seq))).build();
    }

    private static SyncEvent read(final long version, final String userId, final long seq, final long unread) {
        return SyncEvent.newBuilder().setVersion(version).setRead(io.missive.protocol.v1.ReadState.newBuilder()
                .setConversationId("dm:alice:bob").setUserId(userId).setSeq(seq).setUnread(unread)).build();
    }

    private static SyncEvent contact(final long version, final String userId,
                                     final io.missive.protocol.v1.ContactState state) {
        return SyncEvent.newBuilder().setVersion(version).setContact(io.missive.protocol.v1.Contact.newBuilder()
                .setUserId(userId).setState(state).setSinceMs(version * 1_000)).build();
    }

    private static SyncEvent presence(final String userId, final boolean online) {
        return SyncEvent.newBuilder().setVersion(0).setPresence(io.missive.protocol.v1.Presence.newBuilder()
                .setUserId(userId).setOnline(online).setLastSeenMs(online ? 0 : 9_000)).build();
    }

    private static SyncPage page(final boolean hasMore, final long latest, final SyncEvent... events) {
        return SyncPage.newBuilder().addAllEvents(Arrays.asList(events)).setHasMore(hasMore)
                .setLatestVersion(latest).build();
    }

    private void live(final SyncEvent... events) {
        for (final SyncEvent event : events) {
            session.onStreamPayload(event.toByteArray());
        }
    }

    // ---- read positions and contacts: entries of the stream --------------------------------------

    @Test
    void read_and_contact_entries_are_delivered_in_version_order_with_messages_and_count_as_processed() {
        session.connected();
        server.lastSync().answer.complete(page(false, 5,
                message(1, "dm:alice:bob", 1),
                read(2, "alice", 1, 0),
                contact(3, "carol", io.missive.protocol.v1.ContactState.CONTACT_REQUEST_RECEIVED),
                message(4, "dm:alice:bob", 2),
                read(5, "bob", 2, 0)));
        timers.advance(SyncAcks.MAX_DELAY_MS);

        assertThat(log).containsExactly("msg dm:alice:bob#1", "read alice 1", "contact carol REQUEST_RECEIVED",
                "msg dm:alice:bob#2", "read bob 2");
        assertThat(reads.get(0).unread()).hasValue(0);
        assertThat(reads.get(1).unread()).isEmpty(); // the peer's tick carries no count
        assertThat(store.cursor.version()).isEqualTo(5);
        assertThat(server.acks).containsExactly(5L);
        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void a_stream_of_only_read_and_contact_entries_advances_the_acknowledged_version() {
        store.cursor = SyncCursor.of(10, Map.of());
        session.connected();
        server.lastSync().answer.complete(emptyPage(10));
        timers.advance(SyncAcks.MAX_DELAY_MS);

        live(read(11, "alice", 7, 3), contact(12, "bob", io.missive.protocol.v1.ContactState.CONTACT_ACCEPTED),
                read(13, "bob", 7, 0));
        timers.advance(SyncAcks.MAX_DELAY_MS);

        assertThat(log).containsExactly("read alice 7", "contact bob ACCEPTED", "read bob 7");
        assertThat(store.cursor.version()).isEqualTo(13);
        assertThat(server.acks).containsExactly(10L, 13L);
    }

    @Test
    void live_entries_wait_behind_a_gap_and_then_follow_version_order() {
        session.connected();
        server.lastSync().answer.complete(emptyPage(0));
        live(read(2, "bob", 1, 0), contact(3, "carol", io.missive.protocol.v1.ContactState.CONTACT_NONE));
        assertThat(log).isEmpty();

        live(message(1, "dm:alice:bob", 1));
        timers.advance(SyncAcks.MAX_DELAY_MS);

        assertThat(log).containsExactly("msg dm:alice:bob#1", "read bob 1", "contact carol NONE");
        assertThat(server.acks).containsExactly(3L);
    }

    @Test
    void repeated_entries_are_delivered_once() {
        session.connected();
        server.lastSync().answer.complete(page(false, 2, read(1, "alice", 4, 1), contact(2, "bob",
                io.missive.protocol.v1.ContactState.CONTACT_REQUEST_SENT)));
        live(read(1, "alice", 4, 1), contact(2, "bob", io.missive.protocol.v1.ContactState.CONTACT_REQUEST_SENT));

        assertThat(log).containsExactly("read alice 4", "contact bob REQUEST_SENT");
    }

    // ---- presence: version 0, outside the stream ------------------------------------------------

    @Test
    void presence_is_delivered_at_once_even_while_catching_up_and_is_never_acknowledged() {
        store.cursor = SyncCursor.of(3, Map.of());
        session.connected();
        live(message(5, "dm:alice:bob", 5));        // waits for the catch-up
        live(presence("bob", true));                // does not
        assertThat(log).containsExactly("presence bob online");

        server.lastSync().answer.complete(page(false, 4, message(4, "dm:alice:bob", 4)));
        live(presence("bob", false));
        timers.advance(10_000);

        assertThat(log).containsExactly("presence bob online", "msg dm:alice:bob#4", "msg dm:alice:bob#5",
                "presence bob offline");
        assertThat(store.cursor.version()).isEqualTo(5);
        assertThat(server.acks).containsExactly(5L);
        assertThat(server.syncs).hasSize(1);        // presence left no gap to repair
    }

    @Test
    void presence_between_versioned_events_does_not_open_or_close_a_gap() {
        session.connected();
        server.lastSync().answer.complete(emptyPage(0));
        live(message(1, "dm:alice:bob", 1), presence("bob", true), message(3, "dm:alice:bob", 3));
        assertThat(log).containsExactly("msg dm:alice:bob#1", "presence bob online");

        timers.advance(1_000);                      // version 2 is still missing: a sync fills it
        assertThat(server.syncAfters()).containsExactly(0L, 1L);
        server.lastSync().answer.complete(page(false, 3, message(2, "dm:alice:bob", 2),
                message(3, "dm:alice:bob", 3)));
        timers.advance(SyncAcks.MAX_DELAY_MS);

        assertThat(log).containsExactly("msg dm:alice:bob#1", "presence bob online", "msg dm:alice:bob#2",
                "msg dm:alice:bob#3");
        assertThat(server.acks).containsExactly(1L, 3L);
    }

    @Test
    void version_zero_events_are_routed_by_body_group_messages_to_the_group_path_presence_to_the_sink() {
        server.emptyConversationList = false;
        store.cursor = SyncCursor.of(5, Map.of(), Map.of(G, 3L), Map.of());
        session.connected();
        server.lastSync().answer.complete(emptyPage(5));
        server.lastConversations().answer.complete(ConversationPage.of(List.of(ConversationSummary.builder()
                .conversationId(G).type(ConversationType.GROUP).name("team").latestSeq(3).joinedSeq(1)
                .memberCount(3).build()), ""));
        assertThat(syncedSignals).isEqualTo(1);

        live(message(0, G, 4), presence("bob", true), message(0, G, 5), presence("carol", false));
        timers.advance(SyncAcks.MAX_DELAY_MS);

        assertThat(log).containsExactly("msg " + G + "#4", "presence bob online", "msg " + G + "#5",
                "presence carol offline");
        assertThat(store.cursor.version()).isEqualTo(5);
        assertThat(store.cursor.groupSeq(G)).hasValue(5);
        assertThat(server.acks).containsExactly(5L);
        assertThat(server.histories).isEmpty();
    }

    @Test
    void presence_while_group_messages_wait_for_the_catch_up_passes_them_without_releasing_them() {
        server.emptyConversationList = false;
        store.cursor = SyncCursor.of(5, Map.of(), Map.of(G, 3L), Map.of());
        session.connected();
        live(message(0, G, 4), presence("bob", true));
        assertThat(log).containsExactly("presence bob online");

        server.lastSync().answer.complete(emptyPage(5)); // the stream caught up: the group message may go
        assertThat(log).containsExactly("presence bob online", "msg " + G + "#4");
        server.lastConversations().answer.complete(ConversationPage.of(List.of(ConversationSummary.builder()
                .conversationId(G).type(ConversationType.GROUP).name("team").latestSeq(4).joinedSeq(1)
                .memberCount(3).build()), ""));

        assertThat(server.histories).isEmpty();
        assertThat(store.cursor.groupSeq(G)).hasValue(4);
        assertThat(syncedSignals).isEqualTo(1);
    }

    /** A store that keeps the last saved cursor. */
    private static final class Store implements SyncStore {

        private SyncCursor cursor = SyncCursor.empty();

        @Override
        public @NotNull SyncCursor load() {
            return cursor;
        }

        @Override
        public void save(final @NotNull SyncCursor saved) {
            cursor = saved;
        }
    }
}
