package io.missive.sdk.internal;

import io.missive.protocol.v1.Reply;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.Contact;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Presence;
import io.missive.sdk.ReadState;
import io.missive.sdk.SyncCursor;
import io.missive.sdk.SyncStore;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static io.missive.sdk.internal.FakeSyncServer.emptyPage;
import static io.missive.sdk.internal.FakeSyncServer.event;
import static io.missive.sdk.internal.FakeSyncServer.page;
import static org.assertj.core.api.Assertions.assertThat;

class SyncSessionTest {

    static {
        Logger.getLogger(SyncSession.class.getName()).setLevel(Level.OFF);
        Logger.getLogger(HistoryRebuild.class.getName()).setLevel(Level.OFF);
    }

    private final FakeSyncServer server = new FakeSyncServer();
    private final ManualTimers timers = new ManualTimers();
    private final List<String> log = new ArrayList<>();
    private final RecordingStore store = new RecordingStore();
    private final MessageDispatcher dispatcher = new MessageDispatcher(1_000);
    private final List<ChatMessage> delivered = new ArrayList<>();
    private int syncedSignals;
    private int unsyncedSignals;
    private final SyncSession session = new SyncSession("alice", server, new DeviceCursor(store), new SyncSession.Sink() {
        @Override
        public void message(final @NotNull ChatMessage message) {
            dispatcher.deliver(message);
        }

        @Override
        public void settings(final @NotNull ConversationSettings settings) {
            throw new AssertionError("no settings expected: " + settings);
        }

        @Override
        public void read(final @NotNull ReadState state) {
            throw new AssertionError("no read position expected: " + state);
        }

        @Override
        public void contact(final @NotNull Contact contact) {
            throw new AssertionError("no contact expected: " + contact);
        }

        @Override
        public void presence(final @NotNull Presence presence) {
            throw new AssertionError("no presence expected: " + presence);
        }

        @Override
        public void synced() {
            syncedSignals++;
        }

        @Override
        public void unsynced() {
            unsyncedSignals++;
        }
    }, new SyncAcks(version -> {
        server.ack(version);
        log.add("ack " + version);
    }, timers), timers, Runnable::run, new Backoff(500, 30_000, () -> 0.0), 1_000);

    SyncSessionTest() {
        dispatcher.addMessageListener(delivered::add);
    }

    private List<Long> deliveredVersions() {
        return delivered.stream().map(m -> m.syncVersion().orElse(0)).collect(Collectors.toList());
    }

    private List<String> deliveredIds() {
        return delivered.stream().map(m -> m.conversationId() + "#" + m.seq()).collect(Collectors.toList());
    }

    private void live(final long... versions) {
        for (final long version : versions) {
            session.onStreamPayload(event(version, version).toByteArray());
        }
    }

    @Test
    void resumes_from_the_stored_version_page_by_page_until_has_more_is_false() {
        store.cursor = SyncCursor.of(5, Map.of("dm:alice:bob", 5L));

        session.connected();
        assertThat(server.lastSync().after).isEqualTo(5);
        assertThat(server.lastSync().limit).isEqualTo(SyncSession.PAGE_LIMIT);
        server.lastSync().answer.complete(page(6, 7, true, 8));
        assertThat(syncedSignals).isZero();
        server.lastSync().answer.complete(page(8, 8, false, 8));

        assertThat(server.syncAfters()).containsExactly(5L, 7L);
        assertThat(deliveredVersions()).containsExactly(6L, 7L, 8L);
        assertThat(syncedSignals).isEqualTo(1);
        assertThat(store.cursor.version()).isEqualTo(8);
        assertThat(store.cursor.highestSeq("dm:alice:bob")).hasValue(8);
    }

    @Test
    void live_events_during_catch_up_wait_and_the_seam_has_no_gap_and_no_repeat() {
        session.connected();
        live(4, 3);
        assertThat(delivered).isEmpty();

        server.lastSync().answer.complete(page(1, 3, false, 3));

        assertThat(deliveredVersions()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void live_events_that_continue_the_cursor_are_delivered_before_the_catch_up_answers() {
        session.connected();
        live(1, 2);
        server.lastSync().answer.complete(page(1, 2, false, 2));

        assertThat(deliveredVersions()).containsExactly(1L, 2L);
    }

    @Test
    void versions_at_or_below_the_stored_version_are_dropped() {
        store.cursor = SyncCursor.of(10, Map.of());
        session.connected();
        live(9, 10);
        server.lastSync().answer.complete(emptyPage(10));
        live(11);

        assertThat(deliveredVersions()).containsExactly(11L);
    }

    @Test
    void a_gap_left_open_by_live_delivery_for_one_second_is_filled_by_a_sync_from_the_cursor() {
        session.connected();
        server.lastSync().answer.complete(emptyPage(0));
        live(1, 3);
        assertThat(deliveredVersions()).containsExactly(1L);

        timers.advance(999);
        assertThat(server.syncs).hasSize(1);
        timers.advance(1);
        assertThat(server.syncAfters()).containsExactly(0L, 1L);
        server.lastSync().answer.complete(page(2, 3, false, 3));

        assertThat(deliveredVersions()).containsExactly(1L, 2L, 3L);
        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void a_gap_that_fills_in_time_needs_no_sync() {
        session.connected();
        server.lastSync().answer.complete(emptyPage(0));
        live(1, 3);
        timers.advance(500);
        live(2);
        timers.advance(5_000);

        assertThat(deliveredVersions()).containsExactly(1L, 2L, 3L);
        assertThat(server.syncs).hasSize(1);
    }

    @Test
    void a_new_gap_after_the_cursor_moved_gets_its_own_full_delay() {
        session.connected();
        server.lastSync().answer.complete(emptyPage(0));
        live(2);
        timers.advance(800);
        live(1, 4);           // 1 and 2 delivered, 3 now missing
        timers.advance(800);
        assertThat(server.syncs).hasSize(1);
        timers.advance(200);

        assertThat(server.syncAfters()).containsExactly(0L, 2L);
    }

    @Test
    void retransmitted_events_in_an_unsolicited_reply_count_as_live_events() {
        session.connected();
        server.lastSync().answer.complete(emptyPage(0));

        session.onUnsolicitedReply(Reply.newBuilder().setSync(page(1, 2, false, 2)).build().toByteArray());
        live(2);

        assertThat(deliveredVersions()).containsExactly(1L, 2L);
    }

    @Test
    void the_cursor_is_saved_before_the_ack_and_acks_are_batched() {
        session.connected();
        server.lastSync().answer.complete(page(1, 150, false, 150));
        assertThat(log).containsExactly("save 150", "ack 150");

        live(151);
        live(152);
        assertThat(server.acks).containsExactly(150L);
        timers.advance(SyncAcks.MAX_DELAY_MS);

        assertThat(log).containsExactly("save 150", "ack 150", "save 151", "save 152", "ack 152");
    }

    @Test
    void each_connection_acks_the_cursor_once_it_has_caught_up() {
        store.cursor = SyncCursor.of(40, Map.of());
        session.connected();
        server.lastSync().answer.complete(emptyPage(40));
        timers.advance(SyncAcks.MAX_DELAY_MS);
        session.disconnected();
        session.connected();
        server.lastSync().answer.complete(emptyPage(40));
        timers.advance(SyncAcks.MAX_DELAY_MS);

        assertThat(server.acks).containsExactly(40L, 40L);
    }

    @Test
    void synced_is_signalled_once_per_connection_and_unsynced_when_it_ends() {
        session.connected();
        server.lastSync().answer.complete(emptyPage(0));
        live(2);
        timers.advance(1_000);
        server.lastSync().answer.complete(page(1, 2, false, 2));
        assertThat(syncedSignals).isEqualTo(1);

        session.disconnected();
        session.connected();
        server.lastSync().answer.complete(emptyPage(2));

        assertThat(syncedSignals).isEqualTo(2);
        assertThat(unsyncedSignals).isEqualTo(1);
    }

    @Test
    void answers_meant_for_an_earlier_connection_are_ignored() {
        session.connected();
        final FakeSyncServer.SyncCall first = server.lastSync();
        session.disconnected();
        session.connected();

        first.answer.complete(page(1, 2, false, 2));
        assertThat(delivered).isEmpty();
        assertThat(syncedSignals).isZero();
        server.lastSync().answer.complete(page(1, 2, false, 2));

        assertThat(deliveredVersions()).containsExactly(1L, 2L);
    }

    @Test
    void a_failed_catch_up_is_retried_with_backoff() {
        session.connected();
        server.lastSync().answer.completeExceptionally(new MissiveException(ErrorCode.TIMEOUT, "slow"));
        timers.advance(249);
        assertThat(server.syncs).hasSize(1);
        timers.advance(1);
        server.lastSync().answer.complete(page(1, 1, false, 1));

        assertThat(server.syncAfters()).containsExactly(0L, 0L);
        assertThat(deliveredVersions()).containsExactly(1L);
        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void a_refused_catch_up_is_retried_too_it_may_be_a_slow_error_reply() {
        session.connected();
        server.lastSync().answer.completeExceptionally(new MissiveException(ErrorCode.UNSPECIFIED, "0x83"));
        timers.advance(250);
        server.lastSync().answer.complete(emptyPage(0));
        live(2);
        timers.advance(1_000);

        assertThat(server.syncAfters()).containsExactly(0L, 0L, 0L);
    }

    @Test
    void a_server_without_sync_still_gets_live_events_delivered_as_they_arrive() {
        store.cursor = SyncCursor.of(3, Map.of());
        session.connected();
        live(7);
        server.lastSync().answer.completeExceptionally(new MissiveException(ErrorCode.UNKNOWN_REQUEST, "no sync"));
        live(9);
        timers.advance(10_000);

        assertThat(deliveredVersions()).containsExactly(7L, 9L);
        assertThat(syncedSignals).isEqualTo(1);
        assertThat(server.syncs).hasSize(1);
    }

    @Test
    void too_far_behind_rebuilds_known_conversations_from_history_then_continues_after_the_latest_version() {
        final Map<String, Long> seen = new LinkedHashMap<>();
        seen.put("dm:alice:bob", 3L);
        seen.put("g:team", 7L);
        store.cursor = SyncCursor.of(5, seen);
        session.connected();

        server.lastSync().answer.completeExceptionally(new StreamTooFarBehind("gone", 500));
        live(501);
        session.onStreamPayload(event(499, "dm:alice:carol", 1).toByteArray());
        answerHistory("dm:alice:bob", 3, true, 4, 5);
        answerHistory("dm:alice:bob", 5, false, 6);
        historyCall("g:team", 7).answer.completeExceptionally(
                new MissiveException(ErrorCode.NOT_A_MEMBER, "left the group"));

        assertThat(server.syncAfters()).containsExactly(5L, 500L);
        assertThat(store.cursor.version()).isEqualTo(500);
        server.lastSync().answer.complete(emptyPage(501));

        assertThat(deliveredIds()).containsExactly("dm:alice:bob#4", "dm:alice:bob#5", "dm:alice:bob#6",
                "dm:alice:carol#1", "dm:alice:bob#501");
        assertThat(delivered.subList(0, 3)).allSatisfy(m -> assertThat(m.syncVersion()).isEmpty());
        assertThat(store.cursor.version()).isEqualTo(501);
        assertThat(store.cursor.highestSeqs()).containsEntry("dm:alice:carol", 1L).containsEntry("g:team", 7L);
        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void a_rebuild_cut_short_by_a_lost_connection_resumes_from_the_saved_positions() {
        store.cursor = SyncCursor.of(5, Map.of("dm:alice:bob", 3L));
        session.connected();
        server.lastSync().answer.completeExceptionally(new StreamTooFarBehind("gone", 500));
        answerHistory("dm:alice:bob", 3, true, 4);
        final FakeSyncServer.HistoryCall cutOff = historyCall("dm:alice:bob", 4);
        session.disconnected();
        cutOff.answer.complete(historyPage(true, 5));
        assertThat(server.histories).hasSize(2);

        session.connected();
        server.lastSync().answer.completeExceptionally(new StreamTooFarBehind("gone", 510));
        answerHistory("dm:alice:bob", 4, false, 5);

        assertThat(deliveredIds()).containsExactly("dm:alice:bob#4", "dm:alice:bob#5");
        assertThat(server.syncAfters()).containsExactly(5L, 5L, 510L);
    }

    private FakeSyncServer.HistoryCall historyCall(final String conversationId, final long after) {
        return server.histories.stream()
                .filter(c -> c.conversationId.equals(conversationId) && c.query.anchorSeq() == after
                        && c.query.direction() == HistoryQuery.Direction.AFTER && !c.answer.isDone())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no history request for " + conversationId + " after " + after
                        + " in " + server.histories.stream().map(c -> c.conversationId + ">" + c.query.anchorSeq())
                        .collect(Collectors.toList())));
    }

    private void answerHistory(final String conversationId, final long after, final boolean hasMore,
                               final long... seqs) {
        final HistoryPage page = HistoryPage.of(conversationId, Arrays.stream(seqs)
                .mapToObj(seq -> WireCodec.toChatMessage(WireCodecTest.message(seq, "h" + seq).toBuilder()
                        .setConversationId(conversationId).build(), 0))
                .collect(Collectors.toList()), hasMore, 0);
        historyCall(conversationId, after).answer.complete(page);
    }

    private static HistoryPage historyPage(final boolean hasMore, final long... seqs) {
        return HistoryPage.of("dm:alice:bob", Arrays.stream(seqs)
                .mapToObj(seq -> WireCodec.toChatMessage(WireCodecTest.message(seq, "h" + seq), 0))
                .collect(Collectors.toList()), hasMore, 0);
    }

    /** A store that logs each save, to check it happens before the ack. */
    private final class RecordingStore implements SyncStore {

        private SyncCursor cursor = SyncCursor.empty();

        @Override
        public @NotNull SyncCursor load() {
            return cursor;
        }

        @Override
        public void save(final @NotNull SyncCursor saved) {
            cursor = saved;
            log.add("save " + saved.version());
        }
    }
}
