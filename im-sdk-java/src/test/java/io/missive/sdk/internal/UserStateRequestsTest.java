package io.missive.sdk.internal;

import io.missive.protocol.v1.Error;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.Contact;
import io.missive.sdk.ContactState;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import io.missive.sdk.PushRegistration;
import io.missive.sdk.ReadState;
import io.missive.sdk.UnreadCounts;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserStateRequestsTest {

    static {
        Logger.getLogger(RequestAttempts.class.getName()).setLevel(Level.OFF);
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
    private final List<Contact> changed = new CopyOnWriteArrayList<>();
    private final ManualTimers timers = new ManualTimers();
    private final UserStateRequests requests = new UserStateRequests("alice", uplink -> {
        final Call call = new Call(uplink);
        calls.add(call);
        return call.answer;
    }, timers, new Backoff(500, 30_000, () -> 0.0), changed::add);

    private Call last() {
        return calls.get(calls.size() - 1);
    }

    private static Reply read(final String userId, final long seq, final long unread) {
        return Reply.newBuilder().setRead(io.missive.protocol.v1.ReadState.newBuilder()
                .setConversationId("dm:alice:bob").setUserId(userId).setSeq(seq).setUnread(unread)).build();
    }

    private static Reply contact(final String userId, final io.missive.protocol.v1.ContactState state) {
        return Reply.newBuilder().setContact(io.missive.protocol.v1.Contact.newBuilder()
                .setUserId(userId).setState(state).setSinceMs(1_000)).build();
    }

    private static Reply error(final io.missive.protocol.v1.ErrorCode code) {
        return Reply.newBuilder().setError(Error.newBuilder().setCode(code)).build();
    }

    @Test
    void marking_read_is_sent_again_unchanged_when_an_attempt_gets_no_answer() {
        final CompletableFuture<ReadState> marked = requests.markRead("dm:alice:bob", 7);
        last().answer.completeExceptionally(new MissiveException(ErrorCode.TIMEOUT, "no reply"));
        timers.advance(250);
        last().answer.complete(error(io.missive.protocol.v1.ErrorCode.INTERNAL));
        timers.advance(500);
        last().answer.complete(read("alice", 9, 0)); // a later position was stored meanwhile: monotonic

        assertThat(calls).hasSize(3);
        assertThat(calls).allSatisfy(c -> assertThat(c.uplink).isEqualTo(calls.get(0).uplink));
        assertThat(calls.get(0).uplink.getMarkRead().getSeq()).isEqualTo(7);
        assertThat(marked.join()).isEqualTo(ReadState.of("dm:alice:bob", "alice", 9, 0));
    }

    @Test
    void marking_read_is_refused_once_and_attempts_are_bounded() {
        final CompletableFuture<ReadState> refused = requests.markRead("g:x", 3);
        last().answer.complete(error(io.missive.protocol.v1.ErrorCode.NOT_A_MEMBER));
        timers.advance(60_000);
        assertThat(calls).hasSize(1);
        assertThatThrownBy(refused::join).cause().isInstanceOfSatisfying(MissiveException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_MEMBER));

        final CompletableFuture<ReadState> failing = requests.markRead("dm:alice:bob", 3);
        for (int attempt = 0; attempt < UserStateRequests.MAX_ATTEMPTS; attempt++) {
            last().answer.completeExceptionally(new MissiveException(ErrorCode.NOT_CONNECTED, "attempt " + attempt));
            timers.advance(60_000);
        }
        assertThat(calls).hasSize(1 + UserStateRequests.MAX_ATTEMPTS);
        assertThat(failing).isCompletedExceptionally();
    }

    @Test
    void reads_contact_changes_and_push_registrations_are_sent_once() {
        final List<Function<UserStateRequests, CompletableFuture<?>>> sent = List.of(
                r -> r.unreadCounts(),
                r -> r.readBy("g:x", 4),
                r -> r.requestContact("bob"),
                r -> r.acceptContact("bob"),
                r -> r.removeContact("bob"),
                r -> r.blockUser("bob"),
                r -> r.unblockUser("bob"),
                r -> r.listContacts(),
                r -> r.registerPush("00112233445566778899aabbccddeeff", "com.example.chat", false),
                r -> r.unregisterPush());
        for (final Function<UserStateRequests, CompletableFuture<?>> request : sent) {
            final CompletableFuture<?> answer = request.apply(requests);
            last().answer.completeExceptionally(new MissiveException(ErrorCode.TIMEOUT, "no reply"));
            timers.advance(60_000);
            assertThat(answer).isCompletedExceptionally();
        }

        assertThat(calls).extracting(c -> c.uplink.getBodyCase()).containsExactly(
                Uplink.BodyCase.GET_UNREAD, Uplink.BodyCase.READ_BY, Uplink.BodyCase.REQUEST_CONTACT,
                Uplink.BodyCase.ACCEPT_CONTACT, Uplink.BodyCase.REMOVE_CONTACT, Uplink.BodyCase.BLOCK_USER,
                Uplink.BodyCase.UNBLOCK_USER, Uplink.BodyCase.LIST_CONTACTS, Uplink.BodyCase.REGISTER_PUSH,
                Uplink.BodyCase.UNREGISTER_PUSH);
    }

    @Test
    void a_contact_change_tells_the_relation_it_answered_with_before_its_caller() {
        final CompletableFuture<Contact> removed = requests.removeContact("bob");
        removed.thenRun(() -> assertThat(changed).hasSize(1));
        last().answer.complete(contact("bob", io.missive.protocol.v1.ContactState.CONTACT_NONE));

        assertThat(removed.join().state()).isEqualTo(ContactState.NONE);
        assertThat(changed).containsExactly(removed.join());

        final CompletableFuture<Contact> blocked = requests.blockUser("carol");
        last().answer.complete(error(io.missive.protocol.v1.ErrorCode.NOT_FOUND));
        assertThat(blocked).isCompletedExceptionally();
        assertThat(changed).hasSize(1);
    }

    @Test
    void a_blocked_contact_request_fails_with_blocked() {
        final CompletableFuture<Contact> requested = requests.requestContact("mallory");
        last().answer.complete(error(io.missive.protocol.v1.ErrorCode.BLOCKED));

        assertThatThrownBy(requested::join).cause().isInstanceOfSatisfying(MissiveException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BLOCKED);
            assertThat(e.isRetryable()).isFalse();
        });
    }

    @Test
    void unread_counts_and_read_by_are_decoded() {
        final CompletableFuture<UnreadCounts> unread = requests.unreadCounts();
        last().answer.complete(Reply.newBuilder().setUnread(io.missive.protocol.v1.UnreadCounts.newBuilder()
                .setAvailable(false)).build());
        final CompletableFuture<List<String>> readers = requests.readBy("g:x", 4);
        last().answer.complete(Reply.newBuilder().setReadBy(io.missive.protocol.v1.ReadByList.newBuilder()
                .setConversationId("g:x").setSeq(4).addUserIds("bob")).build());

        assertThat(unread.join().available()).isFalse();
        assertThat(readers.join()).containsExactly("bob");
        assertThat(calls.get(1).uplink.getReadBy().getSeq()).isEqualTo(4);
    }

    @Test
    void push_registration_sends_the_arguments_and_answers_with_the_registration() {
        final CompletableFuture<PushRegistration> registered =
                requests.registerPush("00112233445566778899AABBCCDDEEFF", "com.example.chat", true);
        final Uplink sent = last().uplink;
        last().answer.complete(Reply.newBuilder().setPush(io.missive.protocol.v1.PushRegistration.newBuilder()
                .setRegistered(true).setTopic("com.example.chat").setSandbox(true)).build());

        assertThat(sent.getRegisterPush().getApnsToken()).isEqualTo("00112233445566778899AABBCCDDEEFF");
        assertThat(sent.getRegisterPush().getTopic()).isEqualTo("com.example.chat");
        assertThat(sent.getRegisterPush().getSandbox()).isTrue();
        assertThat(registered.join()).isEqualTo(PushRegistration.of(true, "com.example.chat", true));

        final CompletableFuture<PushRegistration> removed = requests.unregisterPush();
        last().answer.complete(Reply.newBuilder()
                .setPush(io.missive.protocol.v1.PushRegistration.getDefaultInstance()).build());
        assertThat(removed.join().registered()).isFalse();

        final CompletableFuture<PushRegistration> refused =
                requests.registerPush("00112233445566778899aabbccddeeff", "com.example.chat", false);
        last().answer.complete(error(io.missive.protocol.v1.ErrorCode.INVALID_ARGUMENT));
        timers.advance(60_000);
        assertThat(calls).hasSize(3);
        assertThatThrownBy(refused::join).cause().isInstanceOfSatisfying(MissiveException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
