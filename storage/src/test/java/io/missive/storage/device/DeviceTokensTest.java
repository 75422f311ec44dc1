package io.missive.storage.device;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceTokensTest {

    @Test
    void issued_tokens_are_unique_prefixed_and_match_only_their_hash() {
        final DeviceTokens tokens = new DeviceTokens();
        final String a = tokens.issue();
        final String b = tokens.issue();
        assertThat(a).startsWith("mvt1.").isNotEqualTo(b);
        assertThat(DeviceTokens.looksLikeToken(a)).isTrue();
        assertThat(DeviceTokens.matches(a, DeviceTokens.hash(a))).isTrue();
        assertThat(DeviceTokens.matches(b, DeviceTokens.hash(a))).isFalse();
        assertThat(DeviceTokens.hash(a)).hasSize(64).doesNotContain(a.substring(5));
    }
}
