package io.missive.sdk.internal;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.ListConversations;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.UpdateConversationSettings;
import io.missive.sdk.ConversationPage;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.ConversationSummary;
import io.missive.sdk.ConversationType;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Role;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversationCodecTest {

    @Test
    void list_requests_and_settings_carry_their_fields_and_unset_settings_stay_unset() {
        assertThat(ConversationCodec.listConversations("c2", 200).getListConversations())
                .isEqualTo(ListConversations.newBuilder().setCursor("c2").setLimit(200).build());
        assertThat(ConversationCodec.findConversation(List.of("bob", "carol")).getFindConversation()
                .getParticipantIdsList()).containsExactly("bob", "carol");

        final UpdateConversationSettings muteOnly =
                ConversationCodec.updateSettings("g:x", true, null).getUpdateSettings();
        assertThat(muteOnly.hasMuted()).isTrue();
        assertThat(muteOnly.getMuted()).isTrue();
        assertThat(muteOnly.hasLabel()).isFalse();
        final UpdateConversationSettings clearLabel =
                ConversationCodec.updateSettings("g:x", null, "").getUpdateSettings();
        assertThat(clearLabel.hasMuted()).isFalse();
        assertThat(clearLabel.hasLabel()).isTrue();
        assertThat(clearLabel.getLabel()).isEmpty();
    }

    @Test
    void settings_reply_is_decoded() {
        assertThat(ConversationCodec.toSettings(Reply.newBuilder().setSettings(
                io.missive.protocol.v1.ConversationSettings.newBuilder()
                        .setConversationId("g:x").setMuted(true).setLabel("work")).build()))
                .isEqualTo(ConversationSettings.of("g:x", true, "work"));
    }

    @Test
    void a_conversation_page_keeps_every_field_of_its_rows() {
        final Reply reply = Reply.newBuilder().setConversations(io.missive.protocol.v1.ConversationPage.newBuilder()
                .setNextCursor("next")
                .addConversations(io.missive.protocol.v1.ConversationSummary.newBuilder()
                        .setConversationId("g:x").setType(io.missive.protocol.v1.ConversationType.GROUP)
                        .setName("team").setLatestSeq(12).setLastActivityMs(9_000)
                        .setLastMessage(WireCodecTest.message(12, "latest").toBuilder().setConversationId("g:x"))
                        .setMuted(true).setLabel("work").setMemberCount(5).setJoinedSeq(3)
                        .setRole(io.missive.protocol.v1.Role.ADMIN))
                .addConversations(io.missive.protocol.v1.ConversationSummary.newBuilder()
                        .setConversationId("dm:alice:bob").setName("bob").setLatestSeq(2)))
                .build();

        final ConversationPage page = ConversationCodec.toConversationPage(reply);

        assertThat(page.hasMore()).isTrue();
        assertThat(page.nextCursor()).isEqualTo("next");
        final ConversationSummary group = page.conversations().get(0);
        assertThat(group.conversationId()).isEqualTo("g:x");
        assertThat(group.type()).isEqualTo(ConversationType.GROUP);
        assertThat(group.name()).isEqualTo("team");
        assertThat(group.latestSeq()).isEqualTo(12);
        assertThat(group.lastActivity()).isEqualTo(Instant.ofEpochMilli(9_000));
        assertThat(group.lastMessage()).hasValueSatisfying(m -> {
            assertThat(m.seq()).isEqualTo(12);
            assertThat(m.text()).contains("latest");
        });
        assertThat(group.muted()).isTrue();
        assertThat(group.label()).isEqualTo("work");
        assertThat(group.memberCount()).isEqualTo(5);
        assertThat(group.joinedSeq()).isEqualTo(3);
        assertThat(group.role()).isEqualTo(Role.ADMIN);
        final ConversationSummary direct = page.conversations().get(1);
        assertThat(direct.type()).isEqualTo(ConversationType.DIRECT);
        assertThat(direct.lastMessage()).isEmpty();
        assertThat(ConversationCodec.toConversationPage(Reply.newBuilder()
                .setConversations(io.missive.protocol.v1.ConversationPage.getDefaultInstance()).build()).hasMore())
                .isFalse();
    }

    @Test
    void find_conversation_answers_not_found_with_empty_and_other_errors_with_their_code() {
        assertThat(ConversationCodec.toFoundConversation(Reply.newBuilder().setConversation(
                io.missive.protocol.v1.ConversationSummary.newBuilder().setConversationId("dm:alice:bob")).build()))
                .hasValueSatisfying(c -> assertThat(c.conversationId()).isEqualTo("dm:alice:bob"));
        assertThat(ConversationCodec.toFoundConversation(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.NOT_FOUND)).build())).isEmpty();
        assertThatThrownBy(() -> ConversationCodec.toFoundConversation(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.INVALID_ARGUMENT)).build()))
                .isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void every_conversation_type_of_the_protocol_is_the_sdk_type_of_the_same_name() {
        final Set<ConversationType> reached = EnumSet.noneOf(ConversationType.class);
        for (final io.missive.protocol.v1.ConversationType type : io.missive.protocol.v1.ConversationType.values()) {
            if (type == io.missive.protocol.v1.ConversationType.UNRECOGNIZED) {
                continue;
            }
            final ConversationType sdk = ConversationCodec.toConversationType(type);
            reached.add(sdk);
            assertThat(sdk.name()).as(type.name()).isEqualTo(type.name());
        }
        assertThat(reached).containsExactlyInAnyOrder(ConversationType.values());
    }

    @Test
    void a_conversation_type_unknown_to_this_sdk_is_not_a_group() {
        assertThat(ConversationCodec.toConversationType(io.missive.protocol.v1.ConversationType.UNRECOGNIZED))
                .isEqualTo(ConversationType.DIRECT);
        assertThat(ConversationCodec.toSummary(io.missive.protocol.v1.ConversationSummary.newBuilder()
                .setConversationId("x").setTypeValue(42).build()).type()).isEqualTo(ConversationType.DIRECT);
    }
}
