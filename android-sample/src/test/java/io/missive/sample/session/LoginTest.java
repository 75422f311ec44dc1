package io.missive.sample.session;

import io.missive.server.EndToEnd;
import io.missive.sample.AgainstServer;
import io.missive.sample.Phones;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveConnectException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@EndToEnd
class LoginTest extends AgainstServer {

    @Test
    void a_password_login_keeps_the_device_token_and_the_next_start_needs_no_password() {
        final String alice = server.createUser("alice");
        final TokenStore tokens = TokenStore.inMemory();
        final Session first = phones.login(alice, tokens).withPassword(alice, server.password(alice)).join();
        assertThat(tokens.load()).hasValueSatisfying(saved -> {
            assertThat(saved.userId()).isEqualTo(alice);
            assertThat(saved.deviceToken()).isNotBlank().isNotEqualTo(server.password(alice));
        });
        first.close().join();

        final Login nextStart = phones.login(alice, tokens);
        assertThat(nextStart.savedUserId()).contains(alice);
        final Session second = phones.track(nextStart.withSavedToken().join());

        assertThat(second.userId()).isEqualTo(alice);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.status() == Session.Status.ONLINE);
        assertThat(second.client().sendText(server.createUser("bob"), "back again").join().seq()).isEqualTo(1);
    }

    @Test
    void a_wrong_password_is_refused_and_nothing_is_kept() {
        final String alice = server.createUser("alice");
        final TokenStore tokens = TokenStore.inMemory();

        assertThatThrownBy(() -> phones.login(alice, tokens).withPassword(alice, "not-the-password").join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(MissiveConnectException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_CREDENTIALS));
        assertThat(tokens.load()).isEmpty();
    }

    @Test
    void a_token_revoked_while_the_app_was_closed_is_forgotten_at_the_next_start() {
        final String alice = server.createUser("alice");
        final TokenStore tokens = TokenStore.inMemory();
        phones.login(alice, tokens).withPassword(alice, server.password(alice)).join().close().join();
        final MissiveClient laptop = phones.device(alice, "laptop");
        laptop.revokeDevice(Phones.phoneOf(alice)).join();

        assertThatThrownBy(() -> phones.login(alice, tokens).withSavedToken().join())
                .cause().isInstanceOfSatisfying(MissiveConnectException.class,
                        e -> assertThat(Login.refusedForGood(e)).as(e.code().name()).isTrue());
        assertThat(tokens.load()).isEmpty();
        assertThat(phones.login(alice, tokens).savedUserId()).isEmpty();
    }

    @Test
    void a_device_revoked_while_signed_in_is_signed_out() {
        final String alice = server.createUser("alice");
        final TokenStore tokens = TokenStore.inMemory();
        final Session phone = phones.track(
                phones.login(alice, tokens).withPassword(alice, server.password(alice)).join());
        await().atMost(Duration.ofSeconds(10)).until(() -> phone.status() == Session.Status.ONLINE);

        phones.device(alice, "laptop").revokeDevice(phone.deviceId()).join();

        await().atMost(Duration.ofSeconds(20)).until(() -> phone.status() == Session.Status.SIGNED_OUT);
        assertThat(tokens.load()).isEmpty();
    }

    @Test
    void signing_out_forgets_the_token_and_the_sync_cursor() throws Exception {
        final String alice = server.createUser("alice");
        final String bob = server.createUser("bob");
        final TokenStore tokens = TokenStore.inMemory();
        final Session phone = phones.login(alice, tokens).withPassword(alice, server.password(alice)).join();
        phones.device(bob, "phone").sendText(alice, "hello").join();
        final Path cursor = dataDir.resolve(alice + "-" + phone.deviceId() + ".sync");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(cursor));

        phone.signOut().join();

        assertThat(phone.status()).isEqualTo(Session.Status.SIGNED_OUT);
        assertThat(tokens.load()).isEmpty();
        assertThat(cursor).doesNotExist();
        assertThat(phone.client().isConnected()).isFalse();
    }
}
