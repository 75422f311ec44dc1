package io.missive.broker.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path home;

    private void write(final String content) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve(ConfigLoader.FILE), content);
    }

    @Test
    void reads_the_file_and_applies_defaults() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\nhistory.max-limit=20\n");
        final ExtensionConfig config = new ConfigLoader(Map.of()).load(home);
        assertThat(config.mongoUri()).isEqualTo("mongodb://127.0.0.1:1234");
        assertThat(config.mongoDatabase()).isEqualTo("missive");
        assertThat(config.historyMaxLimit()).isEqualTo(20);
        assertThat(config.maxPayloadBytes()).isEqualTo(65_536);
        assertThat(config.selfRegistration()).isFalse();
    }

    @Test
    void environment_overrides_the_file() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\nlimits.max-payload-bytes=1000\n");
        final ExtensionConfig config = new ConfigLoader(Map.of(
                "MISSIVE_LIMITS_MAX_PAYLOAD_BYTES", "2048", "MISSIVE_AUTH_SELF_REGISTRATION", "true")).load(home);
        assertThat(config.maxPayloadBytes()).isEqualTo(2048);
        assertThat(config.selfRegistration()).isTrue();
    }

    @Test
    void an_empty_environment_variable_counts_as_unset() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\n");
        final ExtensionConfig config = new ConfigLoader(Map.of("MISSIVE_MONGO_URI", "", "MISSIVE_HISTORY_MAX_LIMIT", " "))
                .load(home);
        assertThat(config.mongoUri()).isEqualTo("mongodb://127.0.0.1:1234");
        assertThat(config.historyMaxLimit()).isEqualTo(100);
    }

    @Test
    void a_bad_value_names_its_key() throws Exception {
        write("mongo.uri=mongodb://127.0.0.1:1234\nlimits.max-payload-bytes=-1\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("limits.max-payload-bytes");
        write("mongo.uri=mongodb://127.0.0.1:1234\nauth.self-registration=yes\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("auth.self-registration");
        write("mongo.uri=http://nope\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("mongo.uri");
    }

    @Test
    void mongo_uri_is_required() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(home))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("mongo.uri is required");
    }
}
