package io.missive.server.e2e;

import io.missive.server.EndToEnd;
import io.missive.server.TestServer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Logins as a device makes them: CONNACK reason codes and device tokens. */
@EndToEnd
class AuthenticationEndToEndTest {

    @RegisterExtension
    static final TestServer SERVER = TestServer.with(c -> c
            .set("auth.max-failed-attempts", "3")
            .set("auth.self-registration", "true"));

    /** Outcome of one CONNECT: the reason code (0 = accepted) and the token the CONNACK carried. */
    private static final class Login {
        final int reasonCode;
        final @Nullable String token;

        Login(final int reasonCode, final @Nullable String token) {
            this.reasonCode = reasonCode;
            this.token = token;
        }
    }

    private static Login login(final String clientId, final @Nullable String user, final @Nullable String secret,
                               final boolean register) throws MqttException {
        final MqttConnectionOptions options = new MqttConnectionOptions();
        if (user != null) {
            options.setUserName(user);
        }
        if (secret != null) {
            options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        }
        if (register) {
            options.setUserProperties(List.of(new UserProperty("missive-register", "true")));
        }
        final MqttClient client = new MqttClient(SERVER.mqttUri(), clientId, new MemoryPersistence());
        try {
            final IMqttToken token = client.connectWithResult(options);
            final String issued = token.getResponseProperties().getUserProperties().stream()
                    .filter(p -> p.getKey().equals("missive-device-token")).map(UserProperty::getValue)
                    .findFirst().orElse(null);
            client.disconnect();
            return new Login(0, issued);
        } catch (final MqttException e) {
            return new Login(e.getReasonCode(), null);
        } finally {
            client.close(true);
        }
    }

    @Test
    void a_password_login_issues_a_device_token_that_logs_in_later() throws Exception {
        final String alice = SERVER.createUser("alice");
        final Login first = login(alice + "-phone", alice, SERVER.password(alice), false);
        assertThat(first.reasonCode).isZero();
        assertThat(first.token).startsWith("mvt1.");

        final Login again = login(alice + "-phone", alice, first.token, false);
        assertThat(again.reasonCode).isZero();
        assertThat(again.token).isNull();

        // the token belongs to that device only
        assertThat(login(alice + "-tablet", alice, first.token, false).reasonCode).isEqualTo(0x86);
    }

    @Test
    void a_new_password_login_replaces_the_devices_token() throws Exception {
        final String alice = SERVER.createUser("alice");
        final String oldToken = login(alice + "-phone", alice, SERVER.password(alice), false).token;
        final String newToken = login(alice + "-phone", alice, SERVER.password(alice), false).token;
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(login(alice + "-phone", alice, oldToken, false).reasonCode).isEqualTo(0x86);
        assertThat(login(alice + "-phone", alice, newToken, false).reasonCode).isZero();
    }

    @Test
    void a_revoked_token_is_refused_but_the_password_still_works() throws Exception {
        final String alice = SERVER.createUser("alice");
        final String token = login(alice + "-phone", alice, SERVER.password(alice), false).token;
        assertThat(SERVER.stores().devices().revokeToken(alice + "-phone").join()).isTrue();
        assertThat(login(alice + "-phone", alice, token, false).reasonCode).isEqualTo(0x87);
        assertThat(login(alice + "-phone", alice, SERVER.password(alice), false).reasonCode).isZero();
    }

    @Test
    void wrong_credentials_are_refused_with_bad_user_name_or_password() throws Exception {
        final String alice = SERVER.createUser("alice");
        assertThat(login(alice + "-phone", alice, "not-the-password", false).reasonCode).isEqualTo(0x86);
        assertThat(login("ghost-phone", "ghost-" + System.nanoTime(), "whatever-password", false).reasonCode)
                .isEqualTo(0x86);
        assertThat(login(alice + "-phone", alice, "mvt1.forged-token", false).reasonCode).isEqualTo(0x86);
    }

    @Test
    void anonymous_connections_are_refused() throws Exception {
        assertThat(login("anon-1", null, null, false).reasonCode).isEqualTo(0x87);
        final String alice = SERVER.createUser("alice");
        assertThat(login(alice + "-phone", alice, null, false).reasonCode).isEqualTo(0x87);
    }

    @Test
    void dollar_prefixed_and_topic_breaking_ids_are_refused() throws Exception {
        final String alice = SERVER.createUser("alice");
        assertThat(login("$SYS-device", alice, SERVER.password(alice), false).reasonCode).isEqualTo(0x85);
        assertThat(login("a/b", alice, SERVER.password(alice), false).reasonCode).isEqualTo(0x85);
        assertThat(login("dev-1", "$admin", "some-password", false).reasonCode).isEqualTo(0x86);
        assertThat(login("dev-2", "al+ce", "some-password", false).reasonCode).isEqualTo(0x86);
    }

    @Test
    void a_connect_without_a_client_id_is_refused_with_0x85_and_registers_no_device() throws Exception {
        final String alice = SERVER.createUser("alice");
        assertThat(login("", alice, SERVER.password(alice), false).reasonCode).isEqualTo(0x85);
        assertThat(login("", alice, SERVER.password(alice), false).reasonCode).isEqualTo(0x85);
        // an id of the form a broker assigns is refused as well, whatever the broker's configuration
        assertThat(login("hmq_Ab3xZ_7_0123456789abcdef0123456789abcdef", alice, SERVER.password(alice), false)
                .reasonCode).isEqualTo(0x85);
        assertThat(SERVER.stores().devices().ofUser(alice).join()).isEmpty();
        // the same user with a device id logs in (and registers that one device)
        assertThat(login(alice + "-phone", alice, SERVER.password(alice), false).reasonCode).isZero();
        assertThat(SERVER.stores().devices().ofUser(alice).join()).hasSize(1);
    }

    @Test
    void a_device_id_stays_with_its_user() throws Exception {
        final String alice = SERVER.createUser("alice");
        final String mallory = SERVER.createUser("mallory");
        assertThat(login(alice + "-phone", alice, SERVER.password(alice), false).reasonCode).isZero();
        assertThat(login(alice + "-phone", mallory, SERVER.password(mallory), false).reasonCode).isEqualTo(0x85);
    }

    @Test
    void repeated_failures_pause_password_logins_of_that_user() throws Exception {
        final String bob = SERVER.createUser("bob");
        final String token = login(bob + "-phone", bob, SERVER.password(bob), false).token;
        for (int i = 0; i < 3; i++) {
            assertThat(login(bob + "-laptop", bob, "guess-" + i + "-wrong", false).reasonCode).isEqualTo(0x86);
        }
        // even the right password is not checked during the pause
        assertThat(login(bob + "-laptop", bob, SERVER.password(bob), false).reasonCode).isEqualTo(0x9F);
        // devices holding a token are not locked out
        assertThat(login(bob + "-phone", bob, token, false).reasonCode).isZero();
    }

    @Test
    void self_registration_creates_the_user_once() throws Exception {
        final String newcomer = SERVER.uniqueUserId("newcomer");
        final Login registered = login(newcomer + "-phone", newcomer, "a-good-password", true);
        assertThat(registered.reasonCode).isZero();
        assertThat(registered.token).startsWith("mvt1.");
        assertThat(SERVER.stores().users().exists(newcomer).join()).isTrue();
        // registering again is a login: the existing password decides
        assertThat(login(newcomer + "-tablet", newcomer, "another-password", true).reasonCode).isEqualTo(0x86);
        assertThat(login(newcomer + "-tablet", newcomer, "a-good-password", true).reasonCode).isZero();
        // without the flag an unknown user is just unknown
        assertThat(login("x-phone", SERVER.uniqueUserId("stranger"), "a-good-password", false).reasonCode)
                .isEqualTo(0x86);
        // a weak password is refused and creates nothing
        final String weak = SERVER.uniqueUserId("weak");
        assertThat(login(weak + "-phone", weak, "short", true).reasonCode).isEqualTo(0x86);
        assertThat(SERVER.stores().users().exists(weak).join()).isFalse();
    }
}
