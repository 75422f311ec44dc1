package io.missive.storage;

import io.missive.storage.user.PasswordHasher;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

    @Test
    void verifies_the_right_password_only_and_salts_each_hash() {
        final String hash = hasher.hash("correct horse");
        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(hasher.verify("correct horse", hash)).isTrue();
        assertThat(hasher.verify("correct horse!", hash)).isFalse();
        assertThat(hasher.hash("correct horse")).isNotEqualTo(hash);
        assertThat(hasher.verify("correct horse", "$argon2id$garbage")).isFalse();
    }
}
