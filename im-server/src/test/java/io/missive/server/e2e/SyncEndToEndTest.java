package io.missive.server.e2e;

import io.missive.protocol.Ids;
import io.missive.protocol.v1.Content;
import io.missive.protocol.v1.DeviceInfo;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.ListDevices;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.RevokeDevice;
import io.missive.protocol.v1.SendMessage;
import io.missive.protocol.v1.SyncAck;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncPage;
import io.missive.protocol.v1.SyncRequest;
import io.missive.protocol.v1.Uplink;
import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sync stream over the raw protocol: catch-up pages, cursors, retention, retransmission, devices. */
@EndToEnd
class SyncEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c
            .set("sync.max-events-per-user", "50")
            .set("sync.retransmit-after-ms", "1000")
            .set("sync.max-retransmits", "2"));

    private static byte[] send(final String clientMsgId, final String to, final String text) {
        return Uplink.newBuilder().setSend(SendMessage.newBuilder().setClientMsgId(clientMsgId).setToUserId(to)
                .setContent(Content.newBuilder().setText(text))).build().toByteArray();
    }

    private static byte[] sync(final long after, final int limit) {
        return Uplink.newBuilder().setSync(SyncRequest.newBuilder().setAfterVersion(after).setLimit(limit))
                .build().toByteArray();
    }

    private static byte[] ack(final long version) {
        return Uplink.newBuilder().setSyncAck(SyncAck.newBuilder().setVersion(version)).build().toByteArray();
    }

    private RawDevice device(final String user, final String suffix) throws Exception {
        return RawDevice.connect(SERVER.mqttUri(), user, user + "-" + suffix, SERVER.password(user));
    }

    /** Pages through the stream after a version, as a resuming device does. */
    private static List<SyncEvent> catchUp(final RawDevice device, final long after) throws Exception {
        final List<SyncEvent> events = new ArrayList<>();
        long cursor = after;
        while (true) {
            assertThat(device.request(sync(cursor, 500))).isZero();
            final SyncPage page = device.nextReply().getSync();
            events.addAll(page.getEventsList());
            if (!page.getHasMore()) {
                return events;
            }
            cursor = page.getEvents(page.getEventsCount() - 1).getVersion();
        }
    }

    @Test
    void a_device_that_was_offline_catches_up_on_exactly_what_it_missed() throws Exception {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        try (RawDevice a = device(alice, "phone")) {
            try (RawDevice b = device(bob, "phone")) {
                assertThat(a.request(send("first", bob, "before"))).isZero();
                final SyncEvent live = b.events.poll(10, TimeUnit.SECONDS);
                assertThat(live).isNotNull();
                assertThat(b.request(ack(live.getVersion()))).isZero();
            }
            // bob is offline: the cap of this server is 50, so 40 stay within it
            for (int i = 0; i < 40; i++) {
                assertThat(a.request(send("m" + i, bob, "while away " + i))).isZero();
            }
        }
        try (RawDevice b = device(bob, "phone")) {
            final List<SyncEvent> missed = catchUp(b, 1);
            assertThat(missed).extracting(SyncEvent::getVersion)
                    .containsExactlyElementsOf(LongStream.rangeClosed(2, 41).boxed().collect(Collectors.toList()));
            assertThat(missed).extracting(e -> e.getMessage().getContent().getText())
                    .containsExactlyElementsOf(LongStream.range(0, 40).mapToObj(i -> "while away " + i)
                            .collect(Collectors.toList()));
            assertThat(missed).extracting(e -> e.getMessage().getSeq())
                    .containsExactlyElementsOf(LongStream.rangeClosed(2, 41).boxed().collect(Collectors.toList()));
            assertThat(b.request(sync(41, 0))).isZero();
            assertThat(b.nextReply().getSync().getEventsList()).isEmpty();
        }
    }

    @Test
    void a_device_further_behind_than_the_cap_is_told_too_far_behind() throws Exception {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        try (RawDevice a = device(alice, "phone")) {
            for (int i = 0; i < 120; i++) {
                assertThat(a.request(send("m" + i, bob, "x" + i))).isZero();
            }
        }
        try (RawDevice b = device(bob, "phone")) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(b.request(sync(0, 100))).isEqualTo(0x83);
                final Reply reply = b.nextReply();
                assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.TOO_FAR_BEHIND);
                assertThat(reply.getError().getLatestVersion()).isEqualTo(120);
            });
            // continuing after the announced latest version works
            assertThat(b.request(sync(120, 100))).isZero();
            assertThat(b.nextReply().getSync().getLatestVersion()).isEqualTo(120);
            // and the newest entries within the cap are still there for devices less far behind
            final List<SyncEvent> recent = catchUp(b, 100);
            assertThat(recent).extracting(SyncEvent::getVersion)
                    .containsExactlyElementsOf(LongStream.rangeClosed(101, 120).boxed().collect(Collectors.toList()));
        }
    }

    @Test
    void unacknowledged_live_events_are_sent_again_a_bounded_number_of_times() throws Exception {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        try (RawDevice a = device(alice, "phone"); RawDevice b = device(bob, "phone")) {
            assertThat(b.request(sync(0, 0))).isZero();
            assertThat(b.nextReply().getSync().getEventsList()).isEmpty();

            assertThat(a.request(send("r1", bob, "please ack"))).isZero();
            assertThat(b.events.poll(10, TimeUnit.SECONDS)).isNotNull();
            // bob does not acknowledge: the event comes again on his reply topic, unsolicited
            final Reply again = b.resent.poll(10, TimeUnit.SECONDS);
            assertThat(again).isNotNull();
            assertThat(again.getSync().getEventsList()).extracting(e -> e.getMessage().getContent().getText())
                    .containsExactly("please ack");
            // at most sync.max-retransmits (2) times in a row
            final Reply second = b.resent.poll(10, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(b.resent.poll(2500, TimeUnit.MILLISECONDS)).isNull();

            // once acknowledged, later events are not repeated
            assertThat(b.request(ack(1))).isZero();
            assertThat(a.request(send("r2", bob, "acked quickly"))).isZero();
            final SyncEvent live = b.events.poll(10, TimeUnit.SECONDS);
            assertThat(live).isNotNull();
            assertThat(b.request(ack(live.getVersion()))).isZero();
            assertThat(b.resent.poll(2500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void devices_are_listed_with_their_cursor_and_a_revoked_device_is_cut_off() throws Exception {
        final String alice = SERVER.createUser("alice");
        final String bob = SERVER.createUser("bob");
        try (RawDevice phone = device(bob, "phone"); RawDevice laptop = device(bob, "laptop");
             RawDevice a = device(alice, "phone")) {
            final String laptopToken = laptop.issuedToken;
            assertThat(laptopToken).isNotNull();
            assertThat(a.request(send("d1", bob, "hello"))).isZero();
            assertThat(a.nextReply().hasSendAck()).isTrue();
            final SyncEvent live = phone.events.poll(10, TimeUnit.SECONDS);
            assertThat(phone.request(ack(live.getVersion()))).isZero();

            assertThat(phone.request(Uplink.newBuilder().setListDevices(ListDevices.getDefaultInstance()).build()
                    .toByteArray())).isZero();
            final List<DeviceInfo> devices = phone.nextReply().getDevices().getDevicesList();
            assertThat(devices).extracting(DeviceInfo::getDeviceId).containsExactly(bob + "-laptop", bob + "-phone");
            assertThat(devices.get(1).getAckedVersion()).isEqualTo(1);
            assertThat(devices.get(1).getCurrent()).isTrue();
            assertThat(devices).allMatch(DeviceInfo::getActive);

            // an acknowledgement beyond the stream is refused and leaves the cursor alone
            assertThat(phone.request(ack(1_000))).isEqualTo(0x83);
            assertThat(phone.nextReply().getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            // the stored cursor follows within a second (written behind the acknowledgements)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(SERVER.stores().devices()
                    .find(bob + "-phone").join().orElseThrow().ackedVersion()).isEqualTo(1));

            // alice cannot revoke bob's devices, nor learn that they exist
            assertThat(a.request(Uplink.newBuilder().setRevokeDevice(RevokeDevice.newBuilder()
                    .setDeviceId(bob + "-laptop")).build().toByteArray())).isEqualTo(0x83);
            assertThat(a.nextReply().getError().getCode()).isEqualTo(ErrorCode.NOT_FOUND);

            assertThat(phone.request(Uplink.newBuilder().setRevokeDevice(RevokeDevice.newBuilder()
                    .setDeviceId(bob + "-laptop")).build().toByteArray())).isZero();
            assertThat(phone.nextReply().getDeviceRevoked().getDeviceId()).isEqualTo(bob + "-laptop");
            await().atMost(Duration.ofSeconds(10)).until(() -> !laptop.client.isConnected());
            assertThat(SERVER.stores().devices().find(bob + "-laptop").join().orElseThrow().ackedVersion()).isZero();
            assertThat(SERVER.stores().devices().find(bob + "-laptop").join().orElseThrow().tokenHash()).isNull();
        }
        assertThat(Ids.isValidDeviceId(bob + "-laptop")).isTrue();
    }
}
