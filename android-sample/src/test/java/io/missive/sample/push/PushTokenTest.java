package io.missive.sample.push;

import io.missive.server.EndToEnd;
import io.missive.sample.AgainstServer;
import io.missive.sample.Phones;
import io.missive.sample.session.Session;
import io.missive.sdk.DeviceInfo;
import io.missive.sdk.MissiveClient;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@EndToEnd
class PushTokenTest extends AgainstServer {

    /** Whether the server has a push registration for the device, as the user's other device lists it. */
    private static boolean registered(final @NotNull MissiveClient other, final @NotNull String deviceId) {
        return other.listDevices().join().stream()
                .filter(d -> d.deviceId().equals(deviceId))
                .anyMatch(DeviceInfo::pushRegistered);
    }

    @Test
    void a_token_handed_over_while_connected_is_registered() {
        final String alice = server.createUser("alice");
        final Session phone = phones.signIn(alice);
        final MissiveClient laptop = phones.device(alice, "laptop");
        assertThat(registered(laptop, phone.deviceId())).isFalse();
        final List<PushToken.State> states = new CopyOnWriteArrayList<>();
        phone.push().addListener(states::add);

        phone.push().tokenChanged(Phones.newPushToken());

        await().atMost(Duration.ofSeconds(10)).until(() -> phone.push().state() == PushToken.State.REGISTERED);
        assertThat(registered(laptop, phone.deviceId())).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(states)
                .containsExactly(PushToken.State.NONE, PushToken.State.PENDING, PushToken.State.REGISTERED));
    }

    @Test
    void a_token_handed_over_before_connecting_is_registered_once_caught_up() {
        final String alice = server.createUser("alice");
        final MissiveClient phone = MissiveClient.builder().serverUri(server.mqttUri()).userId(alice)
                .deviceId(Phones.phoneOf(alice)).password(server.password(alice)).build();
        final PushToken push = PushToken.attach(phone, "io.missive.sample", Runnable::run);
        try {
            push.tokenChanged(Phones.newPushToken());
            assertThat(push.state()).isEqualTo(PushToken.State.PENDING);

            phone.connect().join();

            await().atMost(Duration.ofSeconds(10)).until(() -> push.state() == PushToken.State.REGISTERED);
            assertThat(registered(phones.device(alice, "laptop"), phone.deviceId())).isTrue();
        } finally {
            phone.close().join();
        }
    }

    @Test
    void signing_out_removes_the_registration() {
        final String alice = server.createUser("alice");
        final Session phone = phones.signIn(alice);
        phone.push().tokenChanged(Phones.newPushToken());
        await().atMost(Duration.ofSeconds(10)).until(() -> phone.push().state() == PushToken.State.REGISTERED);

        phone.signOut().join();

        assertThat(phone.push().state()).isEqualTo(PushToken.State.NONE);
        assertThat(registered(phones.device(alice, "laptop"), phone.deviceId())).isFalse();
    }

    @Test
    void a_malformed_token_is_refused_before_anything_is_sent() {
        final Session phone = phones.signIn(server.createUser("alice"));

        assertThatThrownBy(() -> phone.push().tokenChanged("not hex")).isInstanceOf(IllegalArgumentException.class);
        assertThat(phone.push().state()).isEqualTo(PushToken.State.NONE);
    }
}
