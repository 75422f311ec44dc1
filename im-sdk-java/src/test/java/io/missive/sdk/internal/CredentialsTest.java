package io.missive.sdk.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialsTest {

    @Test
    void a_password_login_uses_the_password_until_a_token_is_issued_then_only_the_token() {
        final Credentials credentials = Credentials.ofPassword("secret", true);
        assertThat(new String(credentials.secret(), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(credentials.registerOnLogin()).isTrue();
        assertThat(credentials.token()).isEmpty();

        credentials.tokenIssued("mvt1.issued");

        assertThat(new String(credentials.secret(), StandardCharsets.UTF_8)).isEqualTo("mvt1.issued");
        assertThat(credentials.holdsPassword()).isFalse();
        assertThat(credentials.registerOnLogin()).isFalse();
        assertThat(credentials.token()).contains("mvt1.issued");
    }

    @Test
    void the_secret_handed_out_is_a_copy() {
        final Credentials credentials = Credentials.ofPassword("secret", false);
        final byte[] secret = credentials.secret();
        secret[0] = 'X';

        assertThat(new String(credentials.secret(), StandardCharsets.UTF_8)).isEqualTo("secret");
    }

    @Test
    void a_newer_token_replaces_the_configured_one_and_nothing_prints_secrets() {
        final Credentials credentials = Credentials.ofToken("mvt1.old");

        credentials.tokenIssued("mvt1.new");

        assertThat(credentials.token()).contains("mvt1.new");
        assertThat(credentials.toString()).doesNotContain("mvt1");
    }
}
