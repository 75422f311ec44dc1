package io.missive.sdk.internal;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import io.missive.sdk.ReadState;
import io.missive.sdk.UnreadCounts;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadCodecTest {

    @Test
    void read_position_requests_carry_conversation_and_seq() {
        final Uplink mark = ReadCodec.markRead("dm:alice:bob", 7);
        assertThat(mark.getBodyCase()).isEqualTo(Uplink.BodyCase.MARK_READ);
        assertThat(mark.getMarkRead().getConversationId()).isEqualTo("dm:alice:bob");
        assertThat(mark.getMarkRead().getSeq()).isEqualTo(7);

        final Uplink readBy = ReadCodec.readBy("g:x", 9);
        assertThat(readBy.getReadBy().getConversationId()).isEqualTo("g:x");
        assertThat(readBy.getReadBy().getSeq()).isEqualTo(9);

        assertThat(ReadCodec.getUnread().getBodyCase()).isEqualTo(Uplink.BodyCase.GET_UNREAD);
    }

    @Test
    void own_read_position_keeps_its_unread_count_and_others_have_none() {
        final Reply own = Reply.newBuilder().setRead(io.missive.protocol.v1.ReadState.newBuilder()
                .setConversationId("dm:alice:bob").setUserId("alice").setSeq(7).setUnread(2)).build();
        assertThat(ReadCodec.toReadState(own, "alice")).isEqualTo(ReadState.of("dm:alice:bob", "alice", 7, 2));
        assertThat(ReadCodec.toReadState(own, "alice").unread()).hasValue(2);

        final io.missive.protocol.v1.ReadState unknown = io.missive.protocol.v1.ReadState.newBuilder()
                .setConversationId("dm:alice:bob").setUserId("alice").setSeq(7).setUnread(-1).build();
        assertThat(ReadCodec.toReadState(unknown, "alice").unread()).isEmpty();

        final io.missive.protocol.v1.ReadState peer = io.missive.protocol.v1.ReadState.newBuilder()
                .setConversationId("dm:alice:bob").setUserId("bob").setSeq(5).build();
        final ReadState tick = ReadCodec.toReadState(peer, "alice");
        assertThat(tick.userId()).isEqualTo("bob");
        assertThat(tick.seq()).isEqualTo(5);
        assertThat(tick.unread()).isEmpty();

        final io.missive.protocol.v1.ReadState noReader = io.missive.protocol.v1.ReadState.newBuilder()
                .setConversationId("g:x").setSeq(3).setUnread(0).build();
        assertThat(ReadCodec.toReadState(noReader, "alice")).isEqualTo(ReadState.of("g:x", "alice", 3, 0));

        assertThatThrownBy(() -> ReadCodec.toReadState(Reply.newBuilder().setError(Error.newBuilder()
                .setCode(io.missive.protocol.v1.ErrorCode.NOT_A_MEMBER)).build(), "alice"))
                .isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_MEMBER));
    }

    @Test
    void unread_counts_keep_each_conversation_and_unavailable_counts_are_not_zero_counts() {
        final UnreadCounts counts = ReadCodec.toUnreadCounts(Reply.newBuilder().setUnread(
                io.missive.protocol.v1.UnreadCounts.newBuilder().setAvailable(true).setTotal(5)
                        .addConversations(io.missive.protocol.v1.ConversationUnread.newBuilder()
                                .setConversationId("dm:alice:bob").setCount(3))
                        .addConversations(io.missive.protocol.v1.ConversationUnread.newBuilder()
                                .setConversationId("g:x").setCount(2))).build());
        assertThat(counts.available()).isTrue();
        assertThat(counts.total()).isEqualTo(5);
        assertThat(counts.counts()).containsExactly(Map.entry("dm:alice:bob", 3L), Map.entry("g:x", 2L));
        assertThat(counts.count("g:x")).isEqualTo(2);
        assertThat(counts.count("dm:alice:carol")).isZero();

        final UnreadCounts unavailable = ReadCodec.toUnreadCounts(Reply.newBuilder().setUnread(
                io.missive.protocol.v1.UnreadCounts.newBuilder().setAvailable(false)).build());
        assertThat(unavailable.available()).isFalse();
        assertThat(unavailable.counts()).isEmpty();
        assertThat(unavailable).isEqualTo(UnreadCounts.unavailable()).isNotEqualTo(UnreadCounts.of(Map.of(), 0));
    }

    @Test
    void read_by_is_the_list_of_readers() {
        final Reply reply = Reply.newBuilder().setReadBy(io.missive.protocol.v1.ReadByList.newBuilder()
                .setConversationId("g:x").setSeq(4).addUserIds("bob").addUserIds("carol")).build();

        assertThat(ReadCodec.toReadBy(reply)).containsExactly("bob", "carol");
        assertThatThrownBy(() -> ReadCodec.toReadBy(Reply.newBuilder().setRead(
                io.missive.protocol.v1.ReadState.getDefaultInstance()).build()))
                .isInstanceOfSatisfying(MissiveException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSPECIFIED));
    }
}
