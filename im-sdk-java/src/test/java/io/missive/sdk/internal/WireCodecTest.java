package io.missive.sdk.internal;

import com.google.protobuf.Descriptors;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.Missive;
import io.missive.protocol.v1.Reply;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.GroupChange;
import io.missive.sdk.Member;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Role;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireCodecTest {

    @Test
    void busy_is_retryable_and_carries_the_servers_retry_after() {
        final Reply reply = Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.BUSY).setMessage("busy").setClientMsgId("m-3")
                .setRetryAfterMs(750)).build();

        assertThatThrownBy(() -> MessageCodec.toReceipt(reply, "m-3"))
                .isInstanceOfSatisfying(MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BUSY);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.retryAfter()).contains(java.time.Duration.ofMillis(750));
                });
    }

    @Test
    void every_error_code_of_the_protocol_has_its_own_sdk_code() {
        for (final io.missive.protocol.v1.ErrorCode code : io.missive.protocol.v1.ErrorCode.values()) {
            if (code == io.missive.protocol.v1.ErrorCode.ERROR_CODE_UNSPECIFIED
                    || code == io.missive.protocol.v1.ErrorCode.UNRECOGNIZED) {
                continue;
            }
            assertThat(WireCodec.errorCode(code)).as(code.name()).isNotEqualTo(ErrorCode.UNSPECIFIED)
                    .extracting(Enum::name).isEqualTo(code.name());
        }
    }

    @Test
    void an_unset_error_code_becomes_unspecified() {
        assertThat(WireCodec.errorCode(io.missive.protocol.v1.ErrorCode.ERROR_CODE_UNSPECIFIED))
                .isEqualTo(ErrorCode.UNSPECIFIED);
        assertThatThrownBy(() -> MessageCodec.toHistoryPage(Reply.newBuilder().setError(Error.newBuilder()
                .setMessage("no code")).build()))
                .isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSPECIFIED));
    }

    @Test
    void error_code_unknown_to_this_sdk_becomes_unspecified() {
        final Reply reply = Reply.newBuilder()
                .setError(Error.newBuilder().setCodeValue(99).setMessage("new server")).build();

        assertThatThrownBy(() -> MessageCodec.toHistoryPage(reply))
                .isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSPECIFIED));
    }

    @Test
    void history_reply_to_a_send_is_rejected_as_unexpected() {
        final Reply reply = Reply.newBuilder()
                .setHistory(io.missive.protocol.v1.HistoryPage.getDefaultInstance()).build();

        assertThatThrownBy(() -> MessageCodec.toReceipt(reply, "m-3"))
                .isInstanceOfSatisfying(MissiveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSPECIFIED);
                    assertThat(e.clientMsgId()).contains("m-3");
                });
    }

    @Test
    void stream_message_keeps_every_field_and_its_sync_version() {
        final ChatMessage message = WireCodec.toChatMessage(message(3, "hi"), 12);

        assertThat(message.conversationId()).isEqualTo("dm:alice:bob");
        assertThat(message.seq()).isEqualTo(3);
        assertThat(message.messageId()).isEqualTo("id-3");
        assertThat(message.senderUserId()).isEqualTo("alice");
        assertThat(message.senderDeviceId()).isEqualTo("alice-phone");
        assertThat(message.clientMsgId()).isEqualTo("c-3");
        assertThat(message.serverTime()).isEqualTo(Instant.ofEpochMilli(3_000));
        assertThat(message.text()).contains("hi");
        assertThat(message.syncVersion()).hasValue(12);
    }

    @Test
    void message_without_text_content_has_no_text() {
        final Message withoutText = message(1, "x").toBuilder().setContent(Content.getDefaultInstance()).build();

        assertThat(WireCodec.toChatMessage(withoutText, 1).text()).isEmpty();
    }

    @Test
    void a_group_event_has_its_change_and_no_text() {
        final Message event = Message.newBuilder().setConversationId("g:x").setSeq(4).setMessageId("id-4")
                .setSenderUserId("alice").setSenderDeviceId("alice-phone").setServerTimeMs(4_000)
                .setChange(io.missive.protocol.v1.GroupChange.newBuilder()
                        .setKind(io.missive.protocol.v1.GroupChange.Kind.MEMBER_LEFT)
                        .addUserIds("alice").setNewOwnerUserId("bob"))
                .build();

        final ChatMessage message = WireCodec.toChatMessage(event, 0);

        assertThat(message.text()).isEmpty();
        assertThat(message.change()).contains(GroupChange.of(GroupChange.Kind.MEMBER_LEFT, List.of("alice"), null, null,
                "bob"));
        assertThat(message.change().get().isDepartureOf("alice")).isTrue();
        assertThat(message.change().get().isJoinOf("alice")).isFalse();
        assertThat(WireCodec.toChatMessage(message(1, "hi"), 1).change()).isEmpty();
    }

    @Test
    void change_kinds_names_and_roles_map_and_unknown_kinds_stay_visible() {
        final GroupChange renamed = WireCodec.toGroupChange(io.missive.protocol.v1.GroupChange.newBuilder()
                .setKind(io.missive.protocol.v1.GroupChange.Kind.RENAMED).setName("new").build());
        assertThat(renamed.kind()).isEqualTo(GroupChange.Kind.RENAMED);
        assertThat(renamed.name()).contains("new");
        assertThat(renamed.role()).isEmpty();

        final GroupChange role = WireCodec.toGroupChange(io.missive.protocol.v1.GroupChange.newBuilder()
                .setKind(io.missive.protocol.v1.GroupChange.Kind.ROLE_CHANGED).addUserIds("bob")
                .setRole(io.missive.protocol.v1.Role.OWNER).setNewOwnerUserId("bob").build());
        assertThat(role.role()).contains(Role.OWNER);
        assertThat(role.newOwnerUserId()).contains("bob");
        assertThat(role.name()).isEmpty();

        final GroupChange created = WireCodec.toGroupChange(io.missive.protocol.v1.GroupChange.newBuilder()
                .setKind(io.missive.protocol.v1.GroupChange.Kind.CREATED).addUserIds("alice").addUserIds("bob")
                .setName("team").build());
        assertThat(created.isJoinOf("bob")).isTrue();
        assertThat(created.name()).contains("team");

        assertThat(WireCodec.toGroupChange(io.missive.protocol.v1.GroupChange.newBuilder().setKindValue(42).build())
                .kind()).isEqualTo(GroupChange.Kind.UNKNOWN);
    }

    /**
     * Each enum of the protocol is mapped to and from the SDK by a total switch, and a test checks
     * each value: ErrorCode, Role and GroupChange.Kind here, ConversationType in
     * {@link ConversationCodecTest}, ContactState in {@link ContactCodecTest} and
     * HistoryRequest.Direction in {@link MessageCodecTest}. An enum added to the protocol fails
     * this test until it is mapped and checked too.
     */
    @Test
    void every_enum_of_the_protocol_has_its_mapping_checked() {
        final List<String> enums = new ArrayList<>();
        for (final Descriptors.EnumDescriptor type : Missive.getDescriptor().getEnumTypes()) {
            enums.add(type.getFullName());
        }
        for (final Descriptors.Descriptor message : Missive.getDescriptor().getMessageTypes()) {
            addNestedEnums(message, enums);
        }

        assertThat(enums).containsExactlyInAnyOrder(
                "missive.v1.ErrorCode",
                "missive.v1.Role",
                "missive.v1.GroupChange.Kind",
                "missive.v1.ConversationType",
                "missive.v1.ContactState",
                "missive.v1.HistoryRequest.Direction");
    }

    private static void addNestedEnums(final Descriptors.Descriptor message, final List<String> enums) {
        for (final Descriptors.EnumDescriptor type : message.getEnumTypes()) {
            enums.add(type.getFullName());
        }
        for (final Descriptors.Descriptor nested : message.getNestedTypes()) {
            addNestedEnums(nested, enums);
        }
    }

    @Test
    void every_kind_of_change_of_the_protocol_is_the_sdk_kind_of_the_same_name() {
        final Set<GroupChange.Kind> reached = EnumSet.noneOf(GroupChange.Kind.class);
        for (final io.missive.protocol.v1.GroupChange.Kind kind : io.missive.protocol.v1.GroupChange.Kind.values()) {
            if (kind == io.missive.protocol.v1.GroupChange.Kind.UNRECOGNIZED) {
                continue;
            }
            final GroupChange.Kind sdk = WireCodec.toKind(kind);
            reached.add(sdk);
            if (kind == io.missive.protocol.v1.GroupChange.Kind.KIND_UNSPECIFIED) {
                assertThat(sdk).isEqualTo(GroupChange.Kind.UNKNOWN);
            } else {
                assertThat(sdk.name()).as(kind.name()).isEqualTo(kind.name());
            }
        }
        assertThat(WireCodec.toKind(io.missive.protocol.v1.GroupChange.Kind.UNRECOGNIZED))
                .isEqualTo(GroupChange.Kind.UNKNOWN);
        assertThat(reached).containsExactlyInAnyOrder(GroupChange.Kind.values());
    }

    @Test
    void every_role_of_the_protocol_is_the_sdk_role_of_the_same_name_and_back() {
        for (final io.missive.protocol.v1.Role role : io.missive.protocol.v1.Role.values()) {
            if (role == io.missive.protocol.v1.Role.UNRECOGNIZED) {
                continue;
            }
            final Role sdk = WireCodec.toRole(role);
            assertThat(sdk.name()).as(role.name()).isEqualTo(role.name());
            assertThat(WireCodec.toWire(sdk)).as(role.name()).isEqualTo(role);
        }
        for (final Role role : Role.values()) {
            assertThat(WireCodec.toRole(WireCodec.toWire(role))).as(role.name()).isEqualTo(role);
        }
    }

    @Test
    void a_role_unknown_to_this_sdk_is_a_plain_member() {
        assertThat(WireCodec.toRole(io.missive.protocol.v1.Role.UNRECOGNIZED)).isEqualTo(Role.MEMBER);
        assertThat(GroupCodec.toMemberPage(Reply.newBuilder().setMembers(io.missive.protocol.v1.MemberPage.newBuilder()
                .addMembers(io.missive.protocol.v1.Member.newBuilder().setUserId("bob").setRoleValue(42))).build())
                .members()).extracting(Member::role).containsExactly(Role.MEMBER);
    }

    static Message message(final long seq, final String text) {
        return Message.newBuilder()
                .setConversationId("dm:alice:bob").setSeq(seq).setMessageId("id-" + seq)
                .setSenderUserId("alice").setSenderDeviceId("alice-phone").setClientMsgId("c-" + seq)
                .setServerTimeMs(seq * 1_000).setContent(Content.newBuilder().setText(text))
                .build();
    }
}
