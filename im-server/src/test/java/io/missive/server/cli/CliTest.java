package io.missive.server.cli;

import io.missive.server.EndToEnd;
import io.missive.server.MissiveServer;
import io.missive.server.ServerConfig;
import io.missive.storage.MongoStores;
import io.missive.storage.user.PasswordHasher;
import io.missive.storage.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;

@EndToEnd
class CliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> environment = new HashMap<>();
    private String stdin = "";

    @Test
    void users_import_reports_created_skipped_and_invalid_lines() throws IOException {
        environment.put("MISSIVE_DATA_DIR", dir.toString());
        final Path file = dir.resolve("users.txt");
        Files.writeString(file, String.join("\n",
                "# team",
                "alice:correct-horse:Alice Liddell",
                "",
                "bob:battery-staple",
                "carol:short",
                "dave:mvt1.looks-like-a-token",
                "bad id:long-enough-password",
                "no-password-here",
                "alice:another-password"), StandardCharsets.UTF_8);

        assertThat(run("users", "import", file.toString())).isEqualTo(Cli.FAILED);
        assertThat(out()).contains("2 created, 1 skipped (already exist), 4 invalid");
        assertThat(err()).contains("line 5: the password must be 8..256 characters long")
                .contains("line 6: the password may not start with 'mvt1.'")
                .contains("line 7: invalid user id 'bad id'")
                .contains("line 8: expected userId:password[:displayName]")
                .doesNotContain("correct-horse");

        out.reset();
        Files.writeString(file, "alice:correct-horse\nerin:erin-password\n", StandardCharsets.UTF_8);
        assertThat(run("users", "import", file.toString())).isEqualTo(Cli.OK);
        assertThat(out()).contains("1 created, 1 skipped (already exist), 0 invalid");

        try (MissiveServer server = MissiveServer.start(config());
             MongoStores stores = new MongoStores(server.mongoUri(), server.mongoDatabase(), ForkJoinPool.commonPool())) {
            final Optional<User> alice = stores.users().find("alice").join();
            assertThat(alice).hasValueSatisfying(user -> {
                assertThat(user.displayName()).isEqualTo("Alice Liddell");
                assertThat(new PasswordHasher().verify("correct-horse", user.passwordHash())).isTrue();
            });
            assertThat(stores.users().exists("erin").join()).isTrue();
            assertThat(stores.users().exists("carol").join()).isFalse();
        }
    }

    @Test
    void users_add_goes_through_the_running_server_of_the_same_data_dir() {
        environment.put("MISSIVE_DATA_DIR", dir.toString());
        stdin = "frank-password\n";
        try (MissiveServer server = MissiveServer.start(config());
             MongoStores stores = new MongoStores(server.mongoUri(), server.mongoDatabase(), ForkJoinPool.commonPool())) {

            assertThat(run("users", "add", "frank", "--display-name", "Frank", "--password-stdin")).isEqualTo(Cli.OK);
            assertThat(out()).contains("Created user 'frank' in the embedded store of the server running on");

            assertThat(stores.users().find("frank").join())
                    .hasValueSatisfying(user -> assertThat(user.displayName()).isEqualTo("Frank"));
            assertThat(run("users", "add", "frank", "--password", "other-password")).isEqualTo(Cli.FAILED);
            assertThat(err()).contains("User 'frank' already exists");
        }
    }

    @Test
    void users_add_refuses_bad_passwords_before_touching_the_store() {
        environment.put("MISSIVE_DATA_DIR", dir.resolve("never-created").toString());

        assertThat(run("users", "add", "gina", "--password", "short")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("the password must be 8..256 characters long");
        assertThat(run("users", "add", "gina", "--password", "mvt1.0123456789")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("may not start with 'mvt1.'");
        assertThat(run("users", "add", "gina")).isEqualTo(Cli.USAGE);
        assertThat(dir.resolve("never-created")).doesNotExist();
    }

    @Test
    void a_bad_setting_exits_with_2_and_names_the_key() {
        environment.put("MISSIVE_MQTT_PORT", "abc");

        assertThat(run("serve")).isEqualTo(Cli.USAGE);
        assertThat(err()).isEqualTo("Invalid configuration: mqtt.port must be an integer 0..65535, got 'abc' "
                + "(from environment variable MISSIVE_MQTT_PORT)" + System.lineSeparator());
    }

    @Test
    void help_lists_commands_keys_and_exit_codes() {
        assertThat(run("--help")).isEqualTo(Cli.OK);
        assertThat(out()).contains("users import <file>", "mongo.embedded-port", "default: 27117", "Exit codes");
        assertThat(run("frobnicate")).isEqualTo(Cli.USAGE);
    }

    private ServerConfig config() {
        return ServerConfig.builder().dataDir(dir).mqttPort(0).mongoEmbeddedPort(0).redisEmbeddedPort(0).httpPort(0)
                .build();
    }

    private int run(final String... args) {
        err.reset();
        return new Cli(environment, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
