package io.missive.sdk.internal;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.GroupInfo;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupRequestsTest {

    static {
        Logger.getLogger(GroupRequests.class.getName()).setLevel(Level.OFF);
    }

    /** One request and the future the test completes. */
    private static final class Call {
        private final Uplink uplink;
        private final CompletableFuture<Reply> answer = new CompletableFuture<>();

        private Call(final Uplink uplink) {
            this.uplink = uplink;
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ManualTimers timers = new ManualTimers();
    private final AtomicInteger ids = new AtomicInteger();
    private final GroupRequests requests = new GroupRequests(uplink -> {
        final Call call = new Call(uplink);
        calls.add(call);
        return call.answer;
    }, timers, new Backoff(500, 30_000, () -> 0.0), () -> "req-" + ids.incrementAndGet());

    private static Reply group(final String conversationId) {
        return Reply.newBuilder().setGroup(io.missive.protocol.v1.GroupInfo.newBuilder()
                .setConversationId(conversationId).setName("team").setOwnerUserId("alice").setMemberCount(2)
                .setChangeSeq(1)).build();
    }

    private static Reply error(final io.missive.protocol.v1.ErrorCode code) {
        return Reply.newBuilder().setError(Error.newBuilder().setCode(code)).build();
    }

    private Call last() {
        return calls.get(calls.size() - 1);
    }

    @Test
    void a_change_that_gets_no_answer_is_sent_again_with_the_same_request_id() {
        final CompletableFuture<GroupInfo> created = requests.createGroup("team", List.of("bob"), false);
        last().answer.completeExceptionally(new MissiveException(ErrorCode.TIMEOUT, "no reply"));
        timers.advance(249);
        assertThat(calls).hasSize(1);
        timers.advance(1);
        last().answer.completeExceptionally(new MissiveException(ErrorCode.NOT_CONNECTED, "connection lost"));
        timers.advance(500);
        last().answer.complete(group("g:x"));

        assertThat(created.join().conversationId()).isEqualTo("g:x");
        assertThat(calls).hasSize(3);
        assertThat(calls.stream().map(c -> c.uplink).collect(Collectors.toSet())).hasSize(1);
        assertThat(calls.get(0).uplink.getCreateGroup().getRequestId()).isEqualTo("req-1");
    }

    @Test
    void each_call_has_its_own_request_id() {
        requests.renameGroup("g:x", "one");
        requests.renameGroup("g:x", "two");
        requests.leaveGroup("g:x");
        requests.setMemberRole("g:x", "bob", Role.ADMIN);
        requests.addMembers("g:x", List.of("carol"));
        requests.removeMembers("g:x", List.of("carol"));

        assertThat(calls).extracting(c -> requestId(c.uplink))
                .containsExactly("req-1", "req-2", "req-3", "req-4", "req-5", "req-6");
    }

    @Test
    void a_refusal_is_not_repeated() {
        final CompletableFuture<GroupInfo> added = requests.addMembers("g:x", List.of("bob"));
        last().answer.complete(error(io.missive.protocol.v1.ErrorCode.GROUP_FULL));
        timers.advance(60_000);

        assertThat(calls).hasSize(1);
        assertThatThrownBy(added::join).hasCauseInstanceOf(MissiveException.class)
                .cause().satisfies(e -> assertThat(((MissiveException) e).code()).isEqualTo(ErrorCode.GROUP_FULL));
    }

    @Test
    void attempts_are_bounded_and_the_last_failure_is_reported() {
        final CompletableFuture<GroupInfo> left = requests.leaveGroup("g:x");
        for (int attempt = 0; attempt < GroupRequests.MAX_ATTEMPTS; attempt++) {
            last().answer.completeExceptionally(new MissiveException(ErrorCode.INTERNAL, "attempt " + attempt));
            timers.advance(60_000);
        }

        assertThat(calls).hasSize(GroupRequests.MAX_ATTEMPTS);
        assertThatThrownBy(left::join).cause().hasMessageContaining("attempt " + (GroupRequests.MAX_ATTEMPTS - 1));
    }

    @Test
    void a_cancelled_change_is_not_sent_again() {
        final CompletableFuture<GroupInfo> renamed = requests.renameGroup("g:x", "new");
        renamed.cancel(false);
        last().answer.completeExceptionally(new MissiveException(ErrorCode.TIMEOUT, "no reply"));
        timers.advance(60_000);

        assertThat(calls).hasSize(1);
    }

    @Test
    void reads_are_sent_once() {
        final CompletableFuture<Optional<io.missive.sdk.ConversationSummary>> found =
                requests.findConversation(List.of("bob"));
        last().answer.complete(error(io.missive.protocol.v1.ErrorCode.NOT_FOUND));
        final CompletableFuture<io.missive.sdk.ConversationPage> page = requests.listConversations("", 50);
        last().answer.completeExceptionally(new MissiveException(ErrorCode.TIMEOUT, "no reply"));
        timers.advance(60_000);

        assertThat(found.join()).isEmpty();
        assertThat(page).isCompletedExceptionally();
        assertThat(calls).hasSize(2);
    }

    private static String requestId(final Uplink uplink) {
        switch (uplink.getBodyCase()) {
            case RENAME_GROUP:
                return uplink.getRenameGroup().getRequestId();
            case LEAVE_GROUP:
                return uplink.getLeaveGroup().getRequestId();
            case SET_MEMBER_ROLE:
                return uplink.getSetMemberRole().getRequestId();
            case ADD_MEMBERS:
                return uplink.getAddMembers().getRequestId();
            case REMOVE_MEMBERS:
                return uplink.getRemoveMembers().getRequestId();
            default:
                return uplink.getCreateGroup().getRequestId();
        }
    }
}
