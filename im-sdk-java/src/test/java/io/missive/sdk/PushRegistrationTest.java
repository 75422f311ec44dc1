package io.missive.sdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushRegistrationTest {

    @Test
    void a_registration_keeps_its_topic_and_environment() {
        final PushRegistration sandbox = PushRegistration.of(true, "com.example.chat", true);

        assertThat(sandbox.registered()).isTrue();
        assertThat(sandbox.topic()).isEqualTo("com.example.chat");
        assertThat(sandbox.sandbox()).isTrue();
        assertThat(sandbox).isEqualTo(PushRegistration.of(true, "com.example.chat", true))
                .hasSameHashCodeAs(PushRegistration.of(true, "com.example.chat", true))
                .isNotEqualTo(PushRegistration.of(true, "com.example.chat", false))
                .isNotEqualTo(PushRegistration.of(true, "com.example.other", true));
        assertThat(sandbox.toString()).contains("com.example.chat", "sandbox");
        assertThat(PushRegistration.of(true, "com.example.chat", false).toString()).contains("production");
        assertThatThrownBy(() -> PushRegistration.of(true, null, false)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void no_registration_has_no_topic_and_no_environment() {
        final PushRegistration none = PushRegistration.of(false, "com.example.chat", true);

        assertThat(none.registered()).isFalse();
        assertThat(none.topic()).isEmpty();
        assertThat(none.sandbox()).isFalse();
        assertThat(none).isEqualTo(PushRegistration.notRegistered())
                .isNotEqualTo(PushRegistration.of(true, "", false));
    }

    @Test
    void tokens_are_16_to_200_hex_digits_of_an_even_count_in_either_case() {
        assertThat(PushRegistration.isValidApnsToken("0123456789abcdef")).isTrue();
        assertThat(PushRegistration.isValidApnsToken("0123456789ABCDEF0123")).isTrue();
        assertThat(PushRegistration.isValidApnsToken("aB".repeat(100))).isTrue();

        assertThat(PushRegistration.isValidApnsToken(null)).isFalse();
        assertThat(PushRegistration.isValidApnsToken("")).isFalse();
        assertThat(PushRegistration.isValidApnsToken("0123456789abcd")).isFalse();       // 14
        assertThat(PushRegistration.isValidApnsToken("0123456789abcdef0")).isFalse();    // odd
        assertThat(PushRegistration.isValidApnsToken("ab".repeat(101))).isFalse();      // 202
        assertThat(PushRegistration.isValidApnsToken("0123456789abcdeg")).isFalse();
        assertThat(PushRegistration.isValidApnsToken("01234567 89abcdef")).isFalse();
        assertThat(PushRegistration.isValidApnsToken("<0123456789abcdef>")).isFalse();
        assertThat(PushRegistration.isValidApnsToken("0123456789abcdef\n")).isFalse();
        assertThat(PushRegistration.isValidApnsToken("٠١٢٣٤٥٦٧٨٩abcdef")).isFalse(); // Arabic-Indic digits
    }

    @Test
    void topics_are_1_to_200_characters_of_letters_digits_dot_underscore_and_dash() {
        assertThat(PushRegistration.isValidTopic("com.example.chat")).isTrue();
        assertThat(PushRegistration.isValidTopic("X")).isTrue();
        assertThat(PushRegistration.isValidTopic("com.Example-App_2.voip")).isTrue();
        assertThat(PushRegistration.isValidTopic("a".repeat(200))).isTrue();

        assertThat(PushRegistration.isValidTopic(null)).isFalse();
        assertThat(PushRegistration.isValidTopic("")).isFalse();
        assertThat(PushRegistration.isValidTopic("a".repeat(201))).isFalse();
        assertThat(PushRegistration.isValidTopic("com example")).isFalse();
        assertThat(PushRegistration.isValidTopic("com/example")).isFalse();
        assertThat(PushRegistration.isValidTopic("com.exämple")).isFalse();
        assertThat(PushRegistration.isValidTopic("com.example\n")).isFalse();
    }
}
