package io.missive.server.e2e;

import io.missive.protocol.v1.ConversationPage;
import io.missive.protocol.v1.ConversationSettings;
import io.missive.protocol.v1.ConversationSummary;
import io.missive.protocol.v1.ConversationType;
import io.missive.protocol.v1.CreateGroup;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.FindConversation;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.ListConversations;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.UpdateConversationSettings;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.SharesServer;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.missive.server.e2e.GroupEndToEndTest.create;
import static io.missive.server.e2e.GroupEndToEndTest.request;
import static io.missive.server.e2e.GroupEndToEndTest.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The conversation list: order by activity, paging, previews, lookup by participants, settings. */
@EndToEnd
@SharesServer
class ConversationListEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.shared();

    private final List<RawDevice> devices = new ArrayList<>();

    @AfterEach
    void close() {
        devices.forEach(RawDevice::close);
    }

    private RawDevice device(final String user, final String deviceId) throws Exception {
        final RawDevice device = RawDevice.connect(SERVER.mqttUri(), user, deviceId, SERVER.password(user));
        devices.add(device);
        assertThat(request(device, Uplink.newBuilder().setSync(SyncRequest.newBuilder()).build()).hasSync()).isTrue();
        return device;
    }

    private RawDevice device(final String prefix) throws Exception {
        final String user = SERVER.createUser(prefix);
        return device(user, user + "-phone");
    }

    private static Reply sendTo(final RawDevice from, final String to, final String id, final String text)
            throws Exception {
        return request(from, Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId(id).setToUserId(to)
                .setContent(Content.newBuilder().setText(text))).build());
    }

    private static List<ConversationSummary> listAll(final RawDevice device, final int pageSize) throws Exception {
        final List<ConversationSummary> all = new ArrayList<>();
        String cursor = "";
        for (int pages = 0; pages < 100; pages++) {
            final Reply reply = request(device, Uplink.newBuilder().setListConversations(ListConversations.newBuilder()
                    .setCursor(cursor).setLimit(pageSize)).build());
            assertThat(reply.hasConversations()).as("%s", reply).isTrue();
            final ConversationPage page = reply.getConversations();
            assertThat(page.getConversationsCount()).isLessThanOrEqualTo(pageSize);
            all.addAll(page.getConversationsList());
            if (page.getNextCursor().isEmpty()) {
                return all;
            }
            cursor = page.getNextCursor();
        }
        throw new AssertionError("more than 100 pages");
    }

    private static List<String> ids(final List<ConversationSummary> rows) {
        return rows.stream().map(ConversationSummary::getConversationId).collect(Collectors.toList());
    }

    @Test
    void the_list_orders_by_last_activity_and_pages_without_gaps_or_repeats() throws Exception {
        final RawDevice me = device("lister");
        final List<String> expectedNewestFirst = new ArrayList<>();
        final List<RawDevice> peers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            final RawDevice peer = device("peer" + i);
            peers.add(peer);
            final Reply ack = sendTo(me, peer.userId, "dm-" + i, "hello peer " + i);
            expectedNewestFirst.add(0, ack.getSendAck().getConversationId());
            awaitNextMillisecond();
        }
        for (int i = 0; i < 3; i++) {
            final String group = create(peers.get(i), "list-group-" + i, "Group " + i, me, peers.get(3))
                    .getConversationId();
            send(peers.get(i), group, "g-" + i, "news " + i);
            expectedNewestFirst.add(0, group);
            awaitNextMillisecond();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ids(listAll(me, 3))).containsExactlyElementsOf(expectedNewestFirst));
        final List<ConversationSummary> rows = listAll(me, 3);
        final ConversationSummary newestGroup = rows.get(0);
        assertThat(newestGroup.getType()).isEqualTo(ConversationType.GROUP);
        assertThat(newestGroup.getName()).isEqualTo("Group 2");
        assertThat(newestGroup.getLatestSeq()).isEqualTo(2);
        assertThat(newestGroup.getLastMessage().getContent().getText()).isEqualTo("news 2");
        assertThat(newestGroup.getMemberCount()).isEqualTo(3);
        final ConversationSummary oldestDirect = rows.get(rows.size() - 1);
        assertThat(oldestDirect.getType()).isEqualTo(ConversationType.DIRECT);
        assertThat(oldestDirect.getName()).isEqualTo(peers.get(0).userId);
        assertThat(oldestDirect.getLastMessage().getContent().getText()).isEqualTo("hello peer 0");

        // new activity in the oldest conversation moves it to the top
        sendTo(peers.get(0), me.userId, "dm-back", "back to you");
        final List<String> reordered = new ArrayList<>(expectedNewestFirst);
        reordered.remove(oldestDirect.getConversationId());
        reordered.add(0, oldestDirect.getConversationId());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ids(listAll(me, 3))).containsExactlyElementsOf(reordered));
        assertThat(listAll(me, 50).get(0).getLastMessage().getContent().getText()).isEqualTo("back to you");
        // a cursor that was not handed out is refused
        assertThat(request(me, Uplink.newBuilder().setListConversations(ListConversations.newBuilder()
                .setCursor("garbage")).build()).getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void a_preview_is_cut_to_200_code_points_between_characters_never_inside_one() throws Exception {
        final RawDevice me = device("previewer");
        final String[] clusters = {
                "\uD83D\uDE00",                                                       // one code point, two UTF-16 units
                "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66", // family: a ZWJ sequence
                "\uD83C\uDDE9\uD83C\uDDEA",                                           // a flag: two regional indicators
                "e\u0301\u0302",                                                      // a letter with two combining marks
        };
        final List<String> expected = new ArrayList<>();
        final List<String> conversations = new ArrayList<>();
        for (int i = 0; i < clusters.length; i++) {
            final RawDevice peer = device("preview-peer" + i);
            // the cluster starts at code point 200 (index 199): it fits only if it is one code point
            final String text = "a".repeat(199) + clusters[i] + " and more after it";
            conversations.add(sendTo(me, peer.userId, "long-" + i, text).getSendAck().getConversationId());
            expected.add(clusters[i].codePointCount(0, clusters[i].length()) == 1
                    ? "a".repeat(199) + clusters[i] : "a".repeat(199));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            final List<ConversationSummary> rows = listAll(me, 50);
            for (int i = 0; i < clusters.length; i++) {
                final String conversation = conversations.get(i);
                final String preview = rows.stream().filter(r -> r.getConversationId().equals(conversation))
                        .findFirst().orElseThrow().getLastMessage().getContent().getText();
                assertThat(preview).as("preview %d", i).isEqualTo(expected.get(i)).doesNotContain("\uFFFD");
            }
        });
        // the message itself is stored whole
        final Reply history = request(me, Uplink.newBuilder().setHistory(HistoryRequest.newBuilder()
                .setConversationId(conversations.get(1))).build());
        assertThat(history.getHistory().getMessages(0).getContent().getText()).endsWith(clusters[1] + " and more after it");
    }

    private static void awaitNextMillisecond() {
        final long now = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > now + 1);
    }

    @Test
    void the_conversation_among_the_same_people_is_found_instead_of_duplicated() throws Exception {
        final RawDevice ann = device("ann");
        final RawDevice ben = device("ben");
        final RawDevice cat = device("cat");
        final String group = create(ann, "trio", "Trio", ben, cat).getConversationId();

        final Reply found = request(ben, Uplink.newBuilder().setFindConversation(FindConversation.newBuilder()
                .addParticipantIds(cat.userId).addParticipantIds(ann.userId)).build());
        assertThat(found.getConversation().getConversationId()).isEqualTo(group);

        final Reply reused = request(cat, Uplink.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                .setRequestId("trio-again").setName("Trio again").setReuseExisting(true)
                .addMemberIds(ann.userId).addMemberIds(ben.userId)).build());
        assertThat(reused.getGroup().getConversationId()).isEqualTo(group);
        assertThat(reused.getGroup().getChangeSeq()).as("nothing was created").isZero();

        final Reply notThere = request(ann, Uplink.newBuilder().setFindConversation(FindConversation.newBuilder()
                .addParticipantIds(ben.userId)).build());
        assertThat(notThere.getError().getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        sendTo(ann, ben.userId, "first", "hi ben");
        final Reply direct = request(ann, Uplink.newBuilder().setFindConversation(FindConversation.newBuilder()
                .addParticipantIds(ben.userId)).build());
        assertThat(direct.getConversation().getType()).isEqualTo(ConversationType.DIRECT);
        assertThat(direct.getConversation().getName()).isEqualTo(ben.userId);
    }

    @Test
    void mute_and_label_are_per_user_and_reach_the_users_other_devices() throws Exception {
        final RawDevice phone = device("muter");
        final RawDevice laptop = device(phone.userId, phone.userId + "-laptop");
        final RawDevice other = device("other");
        final String group = create(other, "muted-group", "Noisy", phone).getConversationId();
        await().atMost(Duration.ofSeconds(10)).until(() -> laptop.events.stream().anyMatch(SyncEvent::hasMessage));
        laptop.events.clear();

        final Reply reply = request(phone, Uplink.newBuilder().setUpdateSettings(UpdateConversationSettings.newBuilder()
                .setConversationId(group).setMuted(true).setLabel("later")).build());
        assertThat(reply.getSettings()).isEqualTo(ConversationSettings.newBuilder().setConversationId(group)
                .setMuted(true).setLabel("later").build());
        final SyncEvent synced = GroupEndToEndTest.nextEvent(laptop);
        assertThat(synced.getVersion()).isPositive();
        assertThat(synced.getSettings()).isEqualTo(reply.getSettings());

        // only the label changes; mute stays
        request(laptop, Uplink.newBuilder().setUpdateSettings(UpdateConversationSettings.newBuilder()
                .setConversationId(group).setLabel("")).build());
        final ConversationSummary mine = listAll(phone, 10).stream()
                .filter(c -> c.getConversationId().equals(group)).findFirst().orElseThrow();
        assertThat(mine.getMuted()).isTrue();
        assertThat(mine.getLabel()).isEmpty();
        final ConversationSummary theirs = listAll(other, 10).stream()
                .filter(c -> c.getConversationId().equals(group)).findFirst().orElseThrow();
        assertThat(theirs.getMuted()).as("settings are per user").isFalse();

        final RawDevice stranger = device("stranger");
        assertThat(request(stranger, Uplink.newBuilder().setUpdateSettings(UpdateConversationSettings.newBuilder()
                .setConversationId(group).setMuted(true)).build()).getError().getCode())
                .isEqualTo(ErrorCode.NOT_A_MEMBER);
    }
}
