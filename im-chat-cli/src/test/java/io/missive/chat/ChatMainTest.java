package io.missive.chat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ChatMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args) {
        return ChatMain.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void without_password_or_saved_token_it_says_how_to_log_in() {
        final int status = run("--user", "alice", "--token-file", dir.resolve("alice.token").toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no saved device token", "--password");
    }

    @Test
    void a_bad_command_line_prints_usage_and_exits_2() {
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option", "usage: missive-chat");
    }

    @Test
    void a_bad_server_among_several_is_named_and_exits_2() {
        final int status = run("--user", "alice", "--password", "secret", "--token-file", dir.resolve("alice.token").toString(),
                "--server", "tcp://127.0.0.1:1883", "--server", "http://127.0.0.1:8080");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("http://127.0.0.1:8080", "tcp, ssl, ws or wss");
    }

    @Test
    void the_sync_cursor_lives_next_to_the_token_file() {
        assertThat(ChatMain.syncFileBeside(dir.resolve("alice-cli.token"))).isEqualTo(dir.resolve("alice-cli.sync"));
        assertThat(ChatMain.syncFileBeside(dir.resolve("my-login"))).isEqualTo(dir.resolve("my-login.sync"));
    }

    @Test
    void help_prints_usage_and_exits_0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--token-file");
    }
}
