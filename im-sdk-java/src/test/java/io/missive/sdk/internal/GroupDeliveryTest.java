package io.missive.sdk.internal;

import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.ConversationSettings;
import io.missive.protocol.v1.GroupChange;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncPage;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.ConversationType;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.HistoryPage;
import io.missive.sdk.HistoryQuery;
import io.missive.sdk.MissiveException;
import io.missive.sdk.SyncCursor;
import io.missive.sdk.SyncStore;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.missive.sdk.internal.FakeSyncServer.emptyPage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group messages (read diffusion) through the sync session: per group once and in seq order, gaps
 * filled from history, membership from the user's own stream, catching up from the conversation
 * list. The server is a fake whose answers the tests give; timers run on a manual clock.
 */
class GroupDeliveryTest {

    static {
        Logger.getLogger(SyncSession.class.getName()).setLevel(Level.OFF);
        Logger.getLogger(GroupSync.class.getName()).setLevel(Level.OFF);
        Logger.getLogger(HistoryRebuild.class.getName()).setLevel(Level.OFF);
    }

    private static final String G = "g:" + "a".repeat(26);
    private static final String G2 = "g:" + "b".repeat(26);
    private static final String G3 = "g:" + "c".repeat(26);

    @TempDir
    Path dir;

    private final FakeSyncServer server = new FakeSyncServer();
    private final ManualTimers timers = new ManualTimers();
    private final Store store = new Store();
    private final List<ChatMessage> delivered = new ArrayList<>();
    private final List<io.missive.sdk.ConversationSettings> settings = new ArrayList<>();
    private int syncedSignals;
    private final SyncSession session = session(store);

    private SyncSession session(final SyncStore syncStore) {
        return new SyncSession("alice", server, new DeviceCursor(syncStore), new SyncSession.Sink() {
            @Override
            public void message(final @NotNull ChatMessage message) {
                delivered.add(message); // no de-duplication here: the session must not repeat anything
            }

            @Override
            public void settings(final io.missive.sdk.@NotNull ConversationSettings changed) {
                settings.add(changed);
            }

            @Override
            public void read(final io.missive.sdk.@NotNull ReadState state) {
                throw new AssertionError("no read position expected: " + state);
            }

            @Override
            public void contact(final io.missive.sdk.@NotNull Contact contact) {
                throw new AssertionError("no contact expected: " + contact);
            }

            @Override
            public void presence(final io.missive.sdk.@NotNull Presence presence) {
                throw new AssertionError("no presence expected: " + presence);
            }

            @Override
            public void synced() {
                syncedSignals++;
            }

            @Override
            public void unsynced() {
            }
        }, new SyncAcks(server::ack, timers), timers, Runnable::run, new Backoff(500, 30_000, () -> 0.0), 1_000);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Message message(final String conversationId, final long seq) {
        return Message.newBuilder()
                .setConversationId(conversationId).setSeq(seq).setMessageId(conversationId + "#" + seq)
                .setSenderUserId("bob").setSenderDeviceId("bob-phone").setClientMsgId("c-" + seq)
                .setServerTimeMs(seq * 1_000).setContent(Content.newBuilder().setText("text " + seq))
                .build();
    }

    private static Message change(final String conversationId, final long seq, final String sender,
                                  final GroupChange.Kind kind, final String... userIds) {
        return Message.newBuilder()
                .setConversationId(conversationId).setSeq(seq).setMessageId(conversationId + "#" + seq)
                .setSenderUserId(sender).setSenderDeviceId(sender + "-phone").setServerTimeMs(seq * 1_000)
                .setChange(GroupChange.newBuilder().setKind(kind).addAllUserIds(Arrays.asList(userIds)))
                .build();
    }

    private static SyncEvent event(final long version, final Message message) {
        return SyncEvent.newBuilder().setVersion(version).setMessage(message).build();
    }

    private void live(final Message message) {
        session.onStreamPayload(event(0, message).toByteArray());
    }

    private void live(final String conversationId, final long... seqs) {
        for (final long seq : seqs) {
            live(message(conversationId, seq));
        }
    }

    private void stream(final long version, final Message message) {
        session.onStreamPayload(event(version, message).toByteArray());
    }

    private static SyncPage page(final boolean hasMore, final long latest, final SyncEvent... events) {
        return SyncPage.newBuilder().addAllEvents(Arrays.asList(events)).setHasMore(hasMore)
                .setLatestVersion(latest).build();
    }

    GroupDeliveryTest() {
        server.emptyConversationList = false;
    }

    /**
     * Connects and answers the catch-up with nothing new: the stream is at {@code version}, and the
     * conversation list shows the groups the device follows, with nothing after its positions.
     */
    private void connectAndSync(final long version) {
        session.connected();
        server.lastSync().answer.complete(emptyPage(version));
        answerListWithFollowedGroups();
    }

    private void answerListWithFollowedGroups() {
        server.lastConversations().answer.complete(ConversationPage.of(store.cursor.groupSeqs().entrySet().stream()
                .map(e -> group(e.getKey(), e.getValue(), 1)).collect(Collectors.toList()), ""));
    }

    private FakeSyncServer.HistoryCall historyCall(final String conversationId, final long after) {
        return server.histories.stream()
                .filter(c -> c.conversationId.equals(conversationId) && c.query.anchorSeq() == after
                        && c.query.direction() == HistoryQuery.Direction.AFTER && !c.answer.isDone())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no open history request for " + conversationId + " after "
                        + after + " in " + server.histories.stream()
                        .map(c -> c.conversationId + ">" + c.query.anchorSeq() + (c.answer.isDone() ? " (answered)" : ""))
                        .collect(Collectors.toList())));
    }

    private void answerHistory(final String conversationId, final long after, final boolean hasMore, final long latest,
                               final Message... messages) {
        historyCall(conversationId, after).answer.complete(HistoryPage.of(conversationId, Arrays.stream(messages)
                .map(m -> WireCodec.toChatMessage(m, 0)).collect(Collectors.toList()), hasMore, latest));
    }

    private void answerHistory(final String conversationId, final long after, final boolean hasMore, final long latest,
                               final long fromSeq, final long toSeq) {
        answerHistory(conversationId, after, hasMore, latest,
                LongStream.rangeClosed(fromSeq, toSeq).mapToObj(seq -> message(conversationId, seq))
                        .toArray(Message[]::new));
    }

    private List<String> deliveredIds() {
        return delivered.stream().map(m -> (m.conversationId().equals(G) ? "G" : m.conversationId().equals(G2) ? "G2"
                : m.conversationId().equals(G3) ? "G3" : m.conversationId()) + "#" + m.seq())
                .collect(Collectors.toList());
    }

    private static List<String> ids(final String prefix, final long from, final long to) {
        return LongStream.rangeClosed(from, to).mapToObj(seq -> prefix + "#" + seq).collect(Collectors.toList());
    }

    private static ConversationSummary group(final String conversationId, final long latestSeq, final long joinedSeq) {
        return ConversationSummary.builder().conversationId(conversationId).type(ConversationType.GROUP)
                .name("team").latestSeq(latestSeq).joinedSeq(joinedSeq).memberCount(3).build();
    }

    private void following(final long version, final Map<String, Long> groupSeqs) {
        store.cursor = SyncCursor.of(version, Map.of(), groupSeqs, Map.of());
    }

    // ---- live delivery ------------------------------------------------------------------------

    @Test
    void live_group_messages_that_continue_the_position_are_delivered_at_once_and_never_acknowledged() {
        following(5, Map.of(G, 3L));
        connectAndSync(5);

        live(G, 4, 5, 4, 3);
        timers.advance(SyncAcks.MAX_DELAY_MS);

        assertThat(deliveredIds()).containsExactly("G#4", "G#5");
        assertThat(delivered).allSatisfy(m -> assertThat(m.syncVersion()).isEmpty());
        assertThat(server.acks).containsExactly(5L);
        assertThat(store.cursor.version()).isEqualTo(5);
        assertThat(store.cursor.groupSeq(G)).hasValue(5);
        assertThat(server.histories).isEmpty();
    }

    @Test
    void a_gap_is_filled_from_history_after_the_repair_delay_while_later_live_messages_wait() {
        following(5, Map.of(G, 3L));
        connectAndSync(5);

        live(G, 4, 7);
        assertThat(deliveredIds()).containsExactly("G#4");
        timers.advance(999);
        assertThat(server.histories).isEmpty();
        timers.advance(1);
        assertThat(server.lastHistory().query).isEqualTo(HistoryQuery.after(4, HistoryQuery.MAX_LIMIT));
        live(G, 8, 9);
        assertThat(deliveredIds()).containsExactly("G#4");
        answerHistory(G, 4, false, 8, 5, 8);
        live(G, 10);

        assertThat(deliveredIds()).containsExactlyElementsOf(ids("G", 4, 10));
        assertThat(server.histories).hasSize(1);
        assertThat(store.cursor.groupSeq(G)).hasValue(10);
    }

    @Test
    void a_gap_that_closes_in_time_needs_no_history() {
        following(5, Map.of(G, 3L));
        connectAndSync(5);

        live(G, 4, 6);
        timers.advance(500);
        live(G, 5);
        timers.advance(5_000);

        assertThat(deliveredIds()).containsExactly("G#4", "G#5", "G#6");
        assertThat(server.histories).isEmpty();
    }

    @Test
    void a_long_gap_is_filled_page_by_page_until_the_server_has_no_more() {
        following(5, Map.of(G, 10L));
        connectAndSync(5);

        live(G, 250);
        timers.advance(1_000);
        answerHistory(G, 10, true, 250, 11, 110);
        answerHistory(G, 110, true, 250, 111, 210);
        answerHistory(G, 210, false, 250, 211, 249);

        assertThat(deliveredIds()).containsExactlyElementsOf(ids("G", 11, 250));
        assertThat(store.cursor.groupSeq(G)).hasValue(250);
    }

    @Test
    void groups_are_ordered_independently_of_each_other() {
        following(5, Map.of(G, 1L, G2, 1L));
        connectAndSync(5);

        live(G, 3);
        live(G2, 2, 3);
        timers.advance(1_000);
        answerHistory(G, 1, false, 3, 2, 3);

        assertThat(deliveredIds()).containsExactly("G2#2", "G2#3", "G#2", "G#3");
    }

    // ---- membership ---------------------------------------------------------------------------

    @Test
    void joining_through_the_stream_starts_following_at_the_join_and_its_live_copy_is_delivered_once() {
        session.connected();
        final Message created = change(G, 1, "bob", GroupChange.Kind.CREATED, "bob", "alice");
        server.lastSync().answer.complete(page(false, 1, event(1, created)));

        live(created);
        live(G, 2);
        timers.advance(SyncAcks.MAX_DELAY_MS);

        assertThat(deliveredIds()).containsExactly("G#1", "G#2");
        assertThat(delivered.get(0).syncVersion()).hasValue(1);
        assertThat(delivered.get(0).change()).hasValueSatisfying(c -> {
            assertThat(c.kind()).isEqualTo(io.missive.sdk.GroupChange.Kind.CREATED);
            assertThat(c.isJoinOf("alice")).isTrue();
        });
        assertThat(store.cursor.version()).isEqualTo(1);
        assertThat(store.cursor.groupSeq(G)).hasValue(2);
        assertThat(server.acks).containsExactly(1L);
    }

    @Test
    void the_live_copy_of_the_join_may_come_first_and_messages_before_any_copy_wait_for_it() {
        connectAndSync(0);

        live(G, 2);
        assertThat(delivered).isEmpty();
        live(change(G, 1, "alice", GroupChange.Kind.CREATED, "alice", "bob"));
        stream(1, change(G, 1, "alice", GroupChange.Kind.CREATED, "alice", "bob"));
        live(G, 3);

        assertThat(deliveredIds()).containsExactly("G#1", "G#2", "G#3");
        assertThat(store.cursor.version()).isEqualTo(1);
        assertThat(server.histories).isEmpty();
    }

    @Test
    void what_came_before_the_users_join_is_not_delivered() {
        connectAndSync(0);

        live(G, 7);
        live(G, 9);
        stream(1, change(G, 8, "bob", GroupChange.Kind.MEMBERS_ADDED, "alice", "carol"));

        assertThat(deliveredIds()).containsExactly("G#8", "G#9");
        assertThat(store.cursor.groupSeq(G)).hasValue(9);
    }

    @Test
    void events_of_a_group_the_user_is_not_in_are_not_delivered() {
        connectAndSync(0);

        live(G, 1, 2, 3);
        live(change(G, 4, "bob", GroupChange.Kind.MEMBERS_ADDED, "carol"));
        timers.advance(10_000);

        assertThat(delivered).isEmpty();
        assertThat(server.histories).isEmpty();
    }

    @Test
    void being_removed_fills_the_gap_before_the_removal_at_once_delivers_it_and_stops_following() {
        following(10, Map.of(G, 3L));
        connectAndSync(10);
        live(G, 4);

        stream(11, change(G, 7, "bob", GroupChange.Kind.MEMBERS_REMOVED, "alice"));
        assertThat(server.lastHistory().query).isEqualTo(HistoryQuery.after(4, HistoryQuery.MAX_LIMIT));
        answerHistory(G, 4, false, 7, message(G, 5), message(G, 6),
                change(G, 7, "bob", GroupChange.Kind.MEMBERS_REMOVED, "alice"));
        live(G, 8);
        timers.advance(10_000);

        assertThat(deliveredIds()).containsExactly("G#4", "G#5", "G#6", "G#7");
        assertThat(store.cursor.groupSeqs()).doesNotContainKey(G);
        assertThat(store.cursor.leftGroups()).containsEntry(G, 7L);
        assertThat(store.cursor.version()).isEqualTo(11);
        assertThat(server.histories).hasSize(1);
    }

    @Test
    void leaving_stops_following_and_a_later_re_add_starts_again_from_the_new_join() {
        following(10, Map.of(G, 3L));
        connectAndSync(10);

        stream(11, change(G, 4, "alice", GroupChange.Kind.MEMBER_LEFT, "alice"));
        live(change(G, 4, "alice", GroupChange.Kind.MEMBER_LEFT, "alice"));
        live(G, 5, 6);
        stream(12, change(G, 9, "bob", GroupChange.Kind.MEMBERS_ADDED, "alice"));
        live(G, 10);
        timers.advance(10_000);

        assertThat(deliveredIds()).containsExactly("G#4", "G#9", "G#10");
        assertThat(store.cursor.groupSeq(G)).hasValue(10);
        assertThat(store.cursor.leftGroups()).isEmpty();
        assertThat(server.histories).isEmpty();
    }

    @Test
    void a_removal_and_re_add_missed_live_are_delivered_in_order_although_history_starts_after_the_re_add() {
        following(10, Map.of(G, 8L));
        connectAndSync(10);

        stream(11, change(G, 13, "bob", GroupChange.Kind.MEMBERS_REMOVED, "alice"));
        stream(12, change(G, 20, "bob", GroupChange.Kind.MEMBERS_ADDED, "alice"));
        live(G, 21);
        answerHistory(G, 8, false, 21, 21, 21); // the server shows a re-added member only what follows the re-add

        assertThat(deliveredIds()).containsExactly("G#13", "G#20", "G#21");
        assertThat(store.cursor.groupSeq(G)).hasValue(21);
        assertThat(store.cursor.leftGroups()).isEmpty();
    }

    @Test
    void an_empty_last_history_page_completes_the_gap_up_to_the_latest_seq() {
        following(10, Map.of(G, 8L));
        connectAndSync(10);

        stream(11, change(G, 13, "bob", GroupChange.Kind.MEMBERS_REMOVED, "alice"));
        stream(12, change(G, 20, "bob", GroupChange.Kind.MEMBERS_ADDED, "alice"));
        answerHistory(G, 8, false, 20);

        assertThat(deliveredIds()).containsExactly("G#13", "G#20");
        assertThat(server.histories).hasSize(1);
    }

    @Test
    void live_events_wait_while_the_stream_catches_up_so_they_cannot_outrun_a_removal() {
        following(10, Map.of(G, 3L));
        session.connected();
        live(G, 4, 5);
        live(change(G, 6, "bob", GroupChange.Kind.MEMBERS_REMOVED, "alice"));
        live(G, 7);
        assertThat(delivered).isEmpty();

        server.lastSync().answer.complete(page(false, 12,
                event(11, FakeSyncServer.event(11, "dm:alice:bob", 1).getMessage()),
                event(12, change(G, 6, "bob", GroupChange.Kind.MEMBERS_REMOVED, "alice"))));
        answerHistory(G, 3, false, 7, message(G, 4), message(G, 5),
                change(G, 6, "bob", GroupChange.Kind.MEMBERS_REMOVED, "alice"));
        assertThat(syncedSignals).isZero();
        answerListWithFollowedGroups();

        assertThat(deliveredIds()).containsExactly("dm:alice:bob#1", "G#4", "G#5", "G#6");
        assertThat(syncedSignals).isEqualTo(1);
        assertThat(store.cursor.leftGroups()).containsEntry(G, 6L);
    }

    // ---- catching up ----------------------------------------------------------------------------

    @Test
    void catching_up_reads_the_whole_conversation_list_and_fills_each_group_that_moved_on_before_synced() {
        final Map<String, Long> groups = new LinkedHashMap<>();
        groups.put(G, 3L);
        groups.put(G2, 10L);
        following(5, groups);

        session.connected();
        server.lastSync().answer.complete(emptyPage(5));
        assertThat(server.lastConversations().cursor).isEmpty();
        assertThat(server.lastConversations().limit).isEqualTo(GroupCatchUp.CONVERSATION_PAGE_LIMIT);
        server.lastConversations().answer.complete(ConversationPage.of(List.of(
                ConversationSummary.builder().conversationId("dm:alice:bob").latestSeq(40).build(),
                group(G, 6, 1), group(G2, 10, 1)), "page-2"));
        assertThat(server.lastConversations().cursor).isEqualTo("page-2");
        server.lastConversations().answer.complete(ConversationPage.of(List.of(group(G3, 4, 2)), ""));

        // G3 is new to the device: it is read from just before the event that let the user in
        assertThat(server.histories).extracting(c -> c.conversationId + ">" + c.query.anchorSeq())
                .containsExactly(G + ">3", G3 + ">1");
        assertThat(syncedSignals).isZero();
        answerHistory(G3, 1, false, 4, 2, 4);
        assertThat(syncedSignals).isZero();
        answerHistory(G, 3, false, 6, 4, 6);

        assertThat(syncedSignals).isEqualTo(1);
        assertThat(deliveredIds()).containsExactly("G3#2", "G3#3", "G3#4", "G#4", "G#5", "G#6");
        assertThat(store.cursor.groupSeqs()).containsEntry(G, 6L).containsEntry(G2, 10L).containsEntry(G3, 4L);
    }

    @Test
    void catching_up_fills_a_few_groups_at_a_time() {
        final Map<String, Long> groups = new LinkedHashMap<>();
        final List<ConversationSummary> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            final String id = "g:" + String.valueOf((char) ('d' + i)).repeat(26);
            groups.put(id, 1L);
            rows.add(group(id, 2, 1));
        }
        following(5, groups);
        session.connected();
        server.lastSync().answer.complete(emptyPage(5));
        server.lastConversations().answer.complete(ConversationPage.of(rows, ""));

        assertThat(server.histories).hasSize(GroupCatchUp.PARALLEL_FILLS);
        for (int answered = 0; answered < 10; answered++) {
            final FakeSyncServer.HistoryCall call = server.histories.get(answered);
            answerHistory(call.conversationId, 1, false, 2, 2, 2);
        }

        assertThat(server.histories).hasSize(10);
        assertThat(delivered).hasSize(10);
        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void a_followed_group_missing_from_the_list_is_asked_for_its_history_which_ends_with_the_removal() {
        following(5, Map.of(G, 3L));
        session.connected();
        server.lastSync().answer.complete(emptyPage(5));
        server.lastConversations().answer.complete(ConversationPage.of(List.of(), ""));

        answerHistory(G, 3, false, 5, message(G, 4), change(G, 5, "bob", GroupChange.Kind.MEMBERS_REMOVED, "alice"));

        assertThat(deliveredIds()).containsExactly("G#4", "G#5");
        assertThat(store.cursor.groupSeqs()).isEmpty();
        assertThat(store.cursor.leftGroups()).containsEntry(G, 5L);
        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void a_group_the_user_left_is_not_followed_again_from_a_list_read_before_the_leaving() {
        store.cursor = SyncCursor.of(5, Map.of(), Map.of(), Map.of(G, 7L));
        session.connected();
        server.lastSync().answer.complete(emptyPage(5));

        server.lastConversations().answer.complete(ConversationPage.of(List.of(group(G, 9, 2)), ""));

        assertThat(server.histories).isEmpty();
        assertThat(store.cursor.groupSeqs()).isEmpty();
        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void a_store_from_before_group_positions_continues_groups_from_the_highest_seq_seen() {
        store.cursor = SyncCursor.of(5, Map.of(G, 8L));
        session.connected();
        server.lastSync().answer.complete(emptyPage(5));

        server.lastConversations().answer.complete(ConversationPage.of(List.of(group(G, 9, 2)), ""));
        answerHistory(G, 8, false, 9, 9, 9);

        assertThat(deliveredIds()).containsExactly("G#9");
        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void a_server_without_a_conversation_list_still_syncs() {
        session.connected();
        server.lastSync().answer.complete(emptyPage(0));

        server.lastConversations().answer.completeExceptionally(
                new MissiveException(ErrorCode.UNKNOWN_REQUEST, "no such request"));

        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void a_failed_conversation_list_is_retried_with_backoff_and_synced_waits_for_it() {
        session.connected();
        server.lastSync().answer.complete(emptyPage(0));

        server.lastConversations().answer.completeExceptionally(new MissiveException(ErrorCode.TIMEOUT, "slow"));
        timers.advance(249);
        assertThat(server.conversationCalls).hasSize(1);
        timers.advance(1);
        assertThat(server.conversationCalls).hasSize(2);
        assertThat(syncedSignals).isZero();
        server.lastConversations().answer.complete(ConversationPage.of(List.of(), ""));

        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void the_conversation_list_is_read_once_per_connection() {
        connectAndSync(0);
        session.onStreamPayload(FakeSyncServer.event(2, 2).toByteArray()); // a gap in the stream: synced again
        timers.advance(1_000);
        assertThat(server.syncs).hasSize(2);
        server.lastSync().answer.complete(FakeSyncServer.page(1, 2, false, 2));

        assertThat(deliveredIds()).containsExactly("dm:alice:bob#1", "dm:alice:bob#2");
        assertThat(server.conversationCalls).hasSize(1);
        session.disconnected();
        connectAndSync(2);
        assertThat(server.conversationCalls).hasSize(2);
        assertThat(syncedSignals).isEqualTo(2);
    }

    // ---- failures ----------------------------------------------------------------------------------

    @Test
    void a_failed_fill_is_retried_with_backoff_from_the_same_position() {
        following(5, Map.of(G, 3L));
        connectAndSync(5);
        live(G, 5);
        timers.advance(1_000);

        historyCall(G, 3).answer.completeExceptionally(new MissiveException(ErrorCode.INTERNAL, "busy"));
        timers.advance(250);
        answerHistory(G, 3, false, 5, 4, 5);

        assertThat(deliveredIds()).containsExactly("G#4", "G#5");
    }

    @Test
    void a_history_that_refuses_the_user_ends_the_gap_and_the_following() {
        following(5, Map.of(G, 3L));
        connectAndSync(5);
        live(G, 5, 6);
        timers.advance(1_000);

        historyCall(G, 3).answer.completeExceptionally(new MissiveException(ErrorCode.NOT_A_MEMBER, "not in it"));
        live(G, 7);
        timers.advance(10_000);

        assertThat(deliveredIds()).containsExactly("G#5", "G#6");
        assertThat(store.cursor.leftGroups()).containsEntry(G, 6L);
        assertThat(server.histories).hasSize(1);
    }

    @Test
    void answers_meant_for_an_earlier_connection_are_ignored_and_waiting_events_are_kept() {
        following(5, Map.of(G, 3L));
        connectAndSync(5);
        live(G, 5);
        timers.advance(1_000);
        final FakeSyncServer.HistoryCall cutOff = historyCall(G, 3);
        session.disconnected();
        cutOff.answer.complete(HistoryPage.of(G, List.of(WireCodec.toChatMessage(message(G, 4), 0)), false, 5));
        assertThat(delivered).isEmpty();

        connectAndSync(5);
        answerHistory(G, 3, false, 4, 4, 4);

        assertThat(deliveredIds()).containsExactly("G#4", "G#5");
        assertThat(syncedSignals).isEqualTo(2);
    }

    // ---- the stream, persistence ------------------------------------------------------------------

    @Test
    void settings_in_the_stream_reach_the_listener_in_order_and_are_acknowledged() {
        session.connected();
        server.lastSync().answer.complete(SyncPage.newBuilder().setLatestVersion(1)
                .addEvents(SyncEvent.newBuilder().setVersion(1).setSettings(ConversationSettings.newBuilder()
                        .setConversationId(G).setMuted(true).setLabel("work")))
                .build());
        timers.advance(SyncAcks.MAX_DELAY_MS);

        assertThat(settings).containsExactly(io.missive.sdk.ConversationSettings.of(G, true, "work"));
        assertThat(server.acks).containsExactly(1L);
        assertThat(store.cursor.version()).isEqualTo(1);
    }

    @Test
    void too_far_behind_rebuilds_direct_conversations_only_groups_catch_up_from_the_list() {
        store.cursor = SyncCursor.of(5, Map.of("dm:alice:bob", 3L, G, 7L), Map.of(G, 7L), Map.of());
        session.connected();

        server.lastSync().answer.completeExceptionally(new StreamTooFarBehind("gone", 500));
        assertThat(server.histories).extracting(c -> c.conversationId).containsExactly("dm:alice:bob");
        answerHistory("dm:alice:bob", 3, false, 3);
        server.lastSync().answer.complete(emptyPage(500));
        server.lastConversations().answer.complete(ConversationPage.of(List.of(group(G, 8, 1)), ""));
        answerHistory(G, 7, false, 8, 8, 8);

        assertThat(deliveredIds()).containsExactly("G#8");
        assertThat(syncedSignals).isEqualTo(1);
    }

    @Test
    void group_positions_survive_a_restart_with_a_file_store() {
        final SyncStore file = SyncStore.file(dir.resolve("alice-phone.sync"));
        final SyncSession first = session(file);
        first.connected();
        server.lastSync().answer.complete(page(false, 1,
                event(1, change(G, 1, "bob", GroupChange.Kind.CREATED, "bob", "alice"))));
        server.lastConversations().answer.complete(ConversationPage.of(List.of(group(G, 1, 1)), ""));
        first.onStreamPayload(event(0, message(G, 2)).toByteArray());
        first.onStreamPayload(event(0, message(G, 3)).toByteArray());
        first.disconnected();

        final SyncSession restarted = session(SyncStore.file(dir.resolve("alice-phone.sync")));
        restarted.connected();
        server.lastSync().answer.complete(emptyPage(1));
        server.lastConversations().answer.complete(ConversationPage.of(List.of(group(G, 3, 1)), ""));
        restarted.onStreamPayload(event(0, message(G, 3)).toByteArray());
        restarted.onStreamPayload(event(0, message(G, 4)).toByteArray());

        assertThat(deliveredIds()).containsExactly("G#1", "G#2", "G#3", "G#4");
        assertThat(server.histories).isEmpty();
    }

    /** A store in memory whose cursor the test can set and read. */
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
