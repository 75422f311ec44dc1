package io.missive.chat;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatOptionsTest {

    @Test
    void the_documented_command_line_parses() {
        final ChatOptions options = ChatOptions.parse("--server", "tcp://10.0.0.5:1883", "--user", "alice",
                "--device", "alice-laptop", "--password", "secret");

        assertThat(options.server()).isEqualTo("tcp://10.0.0.5:1883");
        assertThat(options.user()).isEqualTo("alice");
        assertThat(options.device()).isEqualTo("alice-laptop");
        assertThat(options.password()).isEqualTo("secret");
        assertThat(options.token()).isNull();
        assertThat(options.tokenFile()).isNull();
    }

    @Test
    void defaults_need_only_a_user() {
        final ChatOptions options = ChatOptions.parse("--user", "alice");

        assertThat(options.server()).isEqualTo(ChatOptions.DEFAULT_SERVER);
        assertThat(options.device()).isEqualTo("alice-cli");
        assertThat(options.password()).isNull();
    }

    @Test
    void server_may_be_given_more_than_once_in_order_of_preference() {
        final ChatOptions options = ChatOptions.parse("--server", "ssl://chat.example:8883", "--user", "alice",
                "--server=wss://chat.example:443/mqtt", "--pin", "sha256/AAAA");

        assertThat(options.servers()).containsExactly("ssl://chat.example:8883", "wss://chat.example:443/mqtt");
        assertThat(options.server()).isEqualTo("ssl://chat.example:8883");
        assertThat(ChatOptions.parse("--user", "alice").servers()).containsExactly(ChatOptions.DEFAULT_SERVER);
        // one TLS endpoint among them is enough for --ca and --pin
        assertThat(ChatOptions.parse("--user", "alice", "--server", "tcp://chat.example:1883",
                "--server", "wss://chat.example/mqtt", "--ca", "ca.pem").ca()).isEqualTo(Paths.get("ca.pem"));
        assertThatThrownBy(() -> ChatOptions.parse("--user", "alice", "--server", "tcp://a:1883",
                "--server", "ws://a/mqtt", "--pin", "sha256/AAAA"))
                .hasMessageContaining("--ca and --pin are for TLS servers").hasMessageContaining("tcp://a:1883, ws://a/mqtt");
    }

    @Test
    void name_equals_value_form_is_accepted() {
        final ChatOptions options = ChatOptions.parse("--user=bob", "--token=mvt1.x", "--token-file=t/bob.token");

        assertThat(options.user()).isEqualTo("bob");
        assertThat(options.token()).isEqualTo("mvt1.x");
        assertThat(options.tokenFile()).isEqualTo(Paths.get("t/bob.token"));
    }

    @Test
    void a_tls_server_takes_an_authority_file_and_a_pin() {
        final ChatOptions options = ChatOptions.parse("--server", "ssl://chat.example:8883", "--user", "alice",
                "--ca", "ca.pem", "--pin", "sha256/AAAA");

        assertThat(options.ca()).isEqualTo(Paths.get("ca.pem"));
        assertThat(options.pin()).isEqualTo("sha256/AAAA");
        assertThatThrownBy(() -> ChatOptions.parse("--user", "alice", "--pin", "sha256/AAAA"))
                .hasMessageContaining("--ca and --pin are for TLS servers");
    }

    @Test
    void mistakes_are_explained() {
        assertThatThrownBy(() -> ChatOptions.parse()).hasMessageContaining("--user is required");
        assertThatThrownBy(() -> ChatOptions.parse("--user")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ChatOptions.parse("--user", "alice", "--colour")).hasMessageContaining("--colour");
        assertThatThrownBy(() -> ChatOptions.parse("--user", "a/b")).hasMessageContaining("user id");
        assertThatThrownBy(() -> ChatOptions.parse("--user", "alice", "--password", "p", "--token", "mvt1.x"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> ChatOptions.parse("--user", "alice", "--register"))
                .hasMessageContaining("--password");
    }

    @Test
    void help_needs_nothing_else() {
        assertThat(ChatOptions.parse("--help").help()).isTrue();
    }
}
