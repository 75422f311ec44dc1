package io.missive.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SettingValuesTest {

    @Test
    void every_default_is_allowed_by_its_own_key() {
        final ConfigProblems problems = new ConfigProblems();
        SettingValues.allKeys().check(problems);
        assertThat(problems.list()).isEmpty();
    }

    @Test
    void a_set_environment_variable_wins_even_when_empty_and_is_then_checked() {
        final SettingValues values = SettingValues.extensionKeys();
        values.applyEnvironment(Map.of("MISSIVE_COUNTERS_FLUSH_MS", " ", "MISSIVE_REDIS_URI", "",
                "MISSIVE_MQTT_PORT", "1"));
        final ConfigProblems problems = new ConfigProblems();
        values.check(problems);
        assertThat(values.get(Setting.REDIS_URI)).isEmpty();
        assertThat(problems.list()).extracting(ConfigProblem::message).containsExactly(
                "counters.flush-ms must be an integer 1..60000, got '' (from environment variable MISSIVE_COUNTERS_FLUSH_MS)");
    }

    @Test
    void ipv6_apns_servers_are_written_in_brackets() {
        assertThat(HostPort.parse("[::1]:2197")).isEqualTo(new HostPort("[::1]", 2197));
        assertThat(HostPort.parse("api.push.apple.com:443")).isEqualTo(new HostPort("api.push.apple.com", 443));
        assertThat(HostPort.parse("::1:2197")).isNull();
        assertThat(HostPort.parse("host:0")).isNull();
    }

    @Test
    void several_problems_are_listed_one_a_line() {
        final ConfigProblems problems = new ConfigProblems();
        problems.add("a.b", "a.b is wrong");
        assertThat(problems.message()).isEqualTo("Invalid configuration: a.b is wrong");
        problems.add("c.d", "c.d is wrong");
        assertThat(problems.message()).isEqualTo("Invalid configuration: 2 problems" + System.lineSeparator()
                + "  - a.b is wrong" + System.lineSeparator() + "  - c.d is wrong");
    }
}
