package io.missive.server.e2e;

import io.missive.protocol.Ids;
import io.missive.protocol.v1.ChangeMembers;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.LeaveGroup;
import io.missive.protocol.v1.ListMembers;
import io.missive.protocol.v1.MarkRead;
import io.missive.protocol.v1.ReadBy;
import io.missive.protocol.v1.RenameGroup;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Role;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SetMemberRole;
import io.missive.protocol.v1.UpdateConversationSettings;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.SharesServer;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.missive.server.e2e.GroupEndToEndTest.create;
import static io.missive.server.e2e.GroupEndToEndTest.request;
import static io.missive.server.e2e.GroupEndToEndTest.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "No such conversation that you can see" has one answer, NOT_A_MEMBER (PUBACK 0x87), for every
 * request that takes a conversation id, whether the conversation does not exist or belongs to
 * others: the answers reveal nothing about conversations of others, and change nothing.
 */
@EndToEnd
@SharesServer
class ConversationVisibilityEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.shared();

    private static RawDevice alice;
    private static RawDevice bob;
    private static RawDevice carol;
    private static String bobAndCarol;
    private static String bobsGroup;

    /** Every request that takes a conversation id, built for a given id. */
    private static final Map<String, Function<String, Uplink>> REQUESTS = new LinkedHashMap<>();

    static {
        REQUESTS.put("send", id -> Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("probe-1")
                .setConversationId(id).setContent(Content.newBuilder().setText("probe"))).build());
        REQUESTS.put("history", id -> Uplink.newBuilder().setHistory(HistoryRequest.newBuilder()
                .setConversationId(id)).build());
        REQUESTS.put("add_members", id -> Uplink.newBuilder().setAddMembers(ChangeMembers.newBuilder()
                .setRequestId("probe-add").setConversationId(id).addUserIds(carol.userId)).build());
        REQUESTS.put("remove_members", id -> Uplink.newBuilder().setRemoveMembers(ChangeMembers.newBuilder()
                .setRequestId("probe-remove").setConversationId(id).addUserIds(carol.userId)).build());
        REQUESTS.put("leave_group", id -> Uplink.newBuilder().setLeaveGroup(LeaveGroup.newBuilder()
                .setRequestId("probe-leave").setConversationId(id)).build());
        REQUESTS.put("rename_group", id -> Uplink.newBuilder().setRenameGroup(RenameGroup.newBuilder()
                .setRequestId("probe-rename").setConversationId(id).setName("mine now")).build());
        REQUESTS.put("set_member_role", id -> Uplink.newBuilder().setSetMemberRole(SetMemberRole.newBuilder()
                .setRequestId("probe-role").setConversationId(id).setUserId(carol.userId).setRole(Role.ADMIN)).build());
        REQUESTS.put("list_members", id -> Uplink.newBuilder().setListMembers(ListMembers.newBuilder()
                .setConversationId(id)).build());
        REQUESTS.put("update_settings", id -> Uplink.newBuilder().setUpdateSettings(UpdateConversationSettings
                .newBuilder().setConversationId(id).setMuted(true)).build());
        REQUESTS.put("mark_read", id -> Uplink.newBuilder().setMarkRead(MarkRead.newBuilder()
                .setConversationId(id).setSeq(1)).build());
        REQUESTS.put("read_by", id -> Uplink.newBuilder().setReadBy(ReadBy.newBuilder()
                .setConversationId(id).setSeq(1)).build());
    }

    @BeforeAll
    static void conversationsOfOthers() throws Exception {
        alice = device("alice");
        bob = device("bob");
        carol = device("carol");
        bobAndCarol = Ids.directConversation(bob.userId, carol.userId);
        assertThat(request(bob, Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId("b-1")
                .setToUserId(carol.userId).setContent(Content.newBuilder().setText("private"))).build())
                .hasSendAck()).isTrue();
        bobsGroup = create(bob, "bobs-group", "Bob and Carol", carol).getConversationId();
        assertThat(send(bob, bobsGroup, "g-1", "also private").hasSendAck()).isTrue();
    }

    @AfterAll
    static void close() {
        List.of(alice, bob, carol).forEach(RawDevice::close);
    }

    private static RawDevice device(final String prefix) throws Exception {
        final String user = SERVER.createUser(prefix);
        return RawDevice.connect(SERVER.mqttUri(), user, user + "-phone", SERVER.password(user));
    }

    /** The PUBACK reason code and the reply of one request. */
    private static Map.Entry<Integer, Reply> ask(final RawDevice device, final Uplink uplink) throws Exception {
        final int puback = device.request(uplink.toByteArray());
        return Map.entry(puback, device.nextReply());
    }

    private static void assertNotVisible(final String id) throws Exception {
        for (final Map.Entry<String, Function<String, Uplink>> request : REQUESTS.entrySet()) {
            final Map.Entry<Integer, Reply> answer = ask(alice, request.getValue().apply(id));
            assertThat(answer.getValue().getError().getCode()).as("%s of '%s': %s", request.getKey(), id,
                    answer.getValue()).isEqualTo(ErrorCode.NOT_A_MEMBER);
            assertThat(answer.getValue().getError().getMessage()).as(request.getKey())
                    .isEqualTo("not a member of conversation '" + id + "'");
            assertThat(answer.getKey()).as("PUBACK of %s of '%s'", request.getKey(), id).isEqualTo(0x87);
        }
    }

    @Test
    void someone_elses_conversations_answer_not_a_member_to_every_request() throws Exception {
        assertNotVisible(bobAndCarol);
        assertNotVisible(bobsGroup);
        // and nothing changed in them
        assertThat(SERVER.stores().messages().latestSeq(bobAndCarol).join()).isEqualTo(1);
        assertThat(SERVER.stores().messages().latestSeq(bobsGroup).join()).isEqualTo(2);
        assertThat(SERVER.stores().members().find(bobsGroup, alice.userId).join()).isEmpty();
        assertThat(SERVER.stores().conversations().find(bobsGroup).join().orElseThrow().name())
                .isEqualTo("Bob and Carol");
    }

    @Test
    void conversations_that_do_not_exist_answer_exactly_as_someone_elses() throws Exception {
        final String ghost = "ghost-" + System.nanoTime();
        final String withGhost = Ids.directConversation(alice.userId, ghost);
        final String withHerself = "dm:" + alice.userId + ":" + alice.userId;
        for (final String id : List.of("g:" + "a".repeat(26), withGhost, withHerself, "no-such-id",
                Ids.directConversation(bob.userId, ghost))) {
            assertNotVisible(id);
        }
        // nothing was created for them
        assertThat(SERVER.stores().conversations().find(withGhost).join()).isEmpty();
        assertThat(SERVER.stores().messages().latestSeq(withGhost).join()).isZero();
    }

    @Test
    void an_empty_conversation_id_is_an_invalid_argument() throws Exception {
        for (final Map.Entry<String, Function<String, Uplink>> request : REQUESTS.entrySet()) {
            final Map.Entry<Integer, Reply> answer = ask(alice, request.getValue().apply(""));
            assertThat(answer.getValue().getError().getCode()).as("%s: %s", request.getKey(), answer.getValue())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(answer.getKey()).as(request.getKey()).isEqualTo(0x83);
        }
    }

    @Test
    void a_group_request_on_ones_own_direct_conversation_is_an_invalid_argument() throws Exception {
        final String own = Ids.directConversation(alice.userId, bob.userId);
        for (final String name : List.of("add_members", "remove_members", "leave_group", "rename_group",
                "set_member_role", "list_members")) {
            final Map.Entry<Integer, Reply> answer = ask(alice, REQUESTS.get(name).apply(own));
            assertThat(answer.getValue().getError().getCode()).as("%s: %s", name, answer.getValue())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(answer.getValue().getError().getMessage()).isEqualTo("conversation_id is not a group");
            assertThat(answer.getKey()).as(name).isEqualTo(0x83);
        }
    }

    @Test
    void ones_own_direct_conversation_can_be_used_before_its_first_message() throws Exception {
        final RawDevice dave = device("dave");
        try {
            final String own = Ids.directConversation(alice.userId, dave.userId);
            final Reply history = request(alice, REQUESTS.get("history").apply(own));
            assertThat(history.hasHistory()).as("%s", history).isTrue();
            assertThat(history.getHistory().getMessagesList()).isEmpty();
            final Reply settings = request(alice, REQUESTS.get("update_settings").apply(own));
            assertThat(settings.hasSettings()).as("%s", settings).isTrue();
            assertThat(settings.getSettings().getMuted()).isTrue();
            final Reply readBy = request(alice, REQUESTS.get("read_by").apply(own));
            assertThat(readBy.hasReadBy()).as("%s", readBy).isTrue();
            // nothing to mark read yet: seq 1 is beyond the latest
            assertThat(request(alice, REQUESTS.get("mark_read").apply(own)).getError().getCode())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        } finally {
            dave.close();
        }
    }
}
