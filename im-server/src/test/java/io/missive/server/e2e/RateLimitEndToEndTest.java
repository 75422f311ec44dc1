package io.missive.server.e2e;

import io.missive.protocol.Ids;
import io.missive.protocol.v1.ContactTarget;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.GetUnread;
import io.missive.protocol.v1.HistoryRequest;
import io.missive.protocol.v1.ListContacts;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.Uplink;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.SendReceipt;
import io.missive.sdk.SyncStore;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-device rate limits ({@code limits.*}): the excess is refused with RATE_LIMITED and a retry-after,
 * and nothing of it is stored; the SDK waits that long by itself and every message arrives once.
 */
@EndToEnd
class RateLimitEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c
            .set("limits.messages-per-second", "2")
            .set("limits.messages-burst", "3")
            .set("limits.requests-per-second", "2")
            .set("limits.requests-burst", "4")
            .set("limits.lookups-per-minute", "60")
            .set("limits.lookups-burst", "2"));

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (final AutoCloseable c : closing) {
            c.close();
        }
    }

    private RawDevice device(final String user) throws Exception {
        final RawDevice device = RawDevice.connect(SERVER.mqttUri(), user, user + "-phone", SERVER.password(user));
        closing.add(device);
        return device;
    }

    private static Uplink send(final String to, final String id) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setToUserId(to).setClientMsgId(id)
                .setContent(Content.newBuilder().setText("text of " + id))).build();
    }

    private static Reply request(final RawDevice device, final Uplink uplink, final int expectedAck) throws Exception {
        assertThat(device.request(uplink.toByteArray())).isEqualTo(expectedAck);
        return device.nextReply();
    }

    @Test
    void sends_beyond_the_burst_are_refused_with_a_retry_after_and_not_stored() throws Exception {
        final String ann = SERVER.createUser("ann");
        final String bo = SERVER.createUser("bo");
        final RawDevice phone = device(ann);
        for (int i = 0; i < 3; i++) {
            assertThat(request(phone, send(bo, "ok-" + i), 0).hasSendAck()).isTrue();
        }

        final Reply refused = request(phone, send(bo, "over"), 0x97);

        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(refused.getError().getClientMsgId()).isEqualTo("over");
        assertThat(refused.getError().getRetryAfterMs()).isBetween(1L, 500L); // a token every 500 ms at 2/s
        // repeated until a token is there again, the same message goes through, stored once, after the first three
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            final int ack = phone.request(send(bo, "over").toByteArray());
            final Reply reply = phone.nextReply();
            return ack == 0 && reply.getSendAck().getSeq() == 4;
        });
        final Reply history = request(phone, Uplink.newBuilder().setHistory(HistoryRequest.newBuilder()
                .setConversationId(Ids.directConversation(ann, bo)).setDirection(HistoryRequest.Direction.AFTER))
                .build(), 0);
        assertThat(history.getHistory().getMessagesList()).extracting(m -> m.getClientMsgId())
                .containsExactly("ok-0", "ok-1", "ok-2", "over");
    }

    @Test
    void other_requests_have_a_bucket_of_their_own() throws Exception {
        final String cy = SERVER.createUser("cy");
        final RawDevice phone = device(cy);
        final Uplink unread = Uplink.newBuilder().setGetUnread(GetUnread.getDefaultInstance()).build();
        for (int i = 0; i < 4; i++) {
            assertThat(request(phone, unread, 0).hasError()).isFalse();
        }

        assertThat(request(phone, unread, 0x97).getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        // sends still have their own burst
        assertThat(request(phone, send(SERVER.createUser("di"), "still-fine"), 0).hasSendAck()).isTrue();
    }

    @Test
    void requests_naming_other_users_are_limited_per_user_and_the_refusal_says_nothing_of_them() throws Exception {
        final String gil = SERVER.createUser("gil");
        final String hu = SERVER.createUser("hu");
        final RawDevice phone = device(gil);
        final RawDevice laptop = RawDevice.connect(SERVER.mqttUri(), gil, gil + "-laptop", SERVER.password(gil));
        closing.add(laptop);
        assertThat(request(phone, contactRequest(SERVER.createUser("ivo")), 0).hasError()).isFalse();
        // the user's other device shares the bucket
        assertThat(request(laptop, contactRequest(SERVER.createUser("jo")), 0).hasError()).isFalse();

        final Reply existing = request(phone, contactRequest(hu), 0x97);
        final Reply unknown = request(phone, contactRequest("nobody-" + hu), 0x97);

        for (final Reply refused : List.of(existing, unknown)) {
            assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(refused.getError().getRetryAfterMs()).isBetween(1L, 1_000L); // one a second at 60 a minute
        }
        assertThat(existing.getError().getMessage().replaceAll("\\d+ ms", ""))
                .isEqualTo(unknown.getError().getMessage().replaceAll("\\d+ ms", ""));
        // nothing was done: hu has no request from gil; once a lookup is there again, the request goes through
        final RawDevice huPhone = device(hu);
        assertThat(request(huPhone, Uplink.newBuilder().setListContacts(ListContacts.getDefaultInstance()).build(), 0)
                .getContacts().getContactsList()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> phone.request(contactRequest(hu).toByteArray()) == 0 && !phone.nextReply().hasError());
    }

    @Test
    void sends_naming_unknown_users_use_up_lookups_and_then_sends_by_user_id_wait() throws Exception {
        final String kim = SERVER.createUser("kim");
        final String lu = SERVER.createUser("lu");
        final RawDevice phone = device(kim);
        for (int i = 0; i < 2; i++) {
            assertThat(request(phone, send("nobody-" + i + "-" + lu, "probe-" + i), 0x83).getError().getCode())
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }

        final Reply refused = request(phone, send(lu, "hello"), 0x97);

        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> phone.request(send(lu, "hello").toByteArray()) == 0 && phone.nextReply().hasSendAck());
    }

    private static Uplink contactRequest(final String userId) {
        return Uplink.newBuilder().setRequestContact(ContactTarget.newBuilder().setUserId(userId)).build();
    }

    @Test
    void the_sdk_waits_as_told_and_every_message_arrives_once_in_order() {
        final String eve = SERVER.createUser("eve");
        final String fay = SERVER.createUser("fay");
        final MissiveClient sender = client(eve);
        final MissiveClient receiver = client(fay);
        final List<ChatMessage> inbox = Devices.inbox();
        receiver.addMessageListener(inbox::add);
        sender.connect().join();
        receiver.connect().join();

        final List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sends.add(sender.sendText(fay, "burst " + i));
        }
        CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).join();

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox.size() >= 8);
        assertThat(inbox).extracting(m -> m.text().orElse("")).containsExactly(
                "burst 0", "burst 1", "burst 2", "burst 3", "burst 4", "burst 5", "burst 6", "burst 7");
        assertThat(inbox).extracting(ChatMessage::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    private MissiveClient client(final String user) {
        final MissiveClient client = MissiveClient.builder().serverUri(SERVER.mqttUri()).userId(user)
                .deviceId(user + "-phone").password(SERVER.password(user)).syncStore(SyncStore.inMemory()).build();
        closing.add(() -> client.close().join());
        return client;
    }
}
