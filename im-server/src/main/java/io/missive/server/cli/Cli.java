package io.missive.server.cli;

import io.missive.config.Setting;
import io.missive.server.ExtensionStartException;
import io.missive.server.InvalidConfigurationException;
import io.missive.server.MissiveServer;
import io.missive.server.MissiveStartException;
import io.missive.server.ServerConfig;
import org.jetbrains.annotations.NotNull;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code missive-server} command line.
 *
 * <p>Exit codes: {@value #OK} success (or a clean stop of {@code serve}); {@value #FAILED} failure
 * (port in use, store unreachable, user already exists, invalid lines in an import, ...);
 * {@value #USAGE} invalid configuration or usage; {@value #EXTENSION_FAILED} the Missive extension
 * did not start (the broker refused every client meanwhile, and stopped). Stopped by SIGTERM or
 * Ctrl-C, {@code serve} shuts down cleanly and the JVM reports 143 or 130.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int EXTENSION_FAILED = 3;

    /** System property read by the logging configuration for Missive's and HiveMQ's level. */
    static final @NotNull String LOG_LEVEL_PROPERTY = "missive.log.level";
    private static final @NotNull Path DEFAULT_CONFIG = Path.of("missive.properties");
    /** Command options whose value is the next argument (so that a value such as "-h" is not an option). */
    private static final @NotNull Set<String> OPTIONS_WITH_VALUE = Set.of("--password", "--display-name", "--user");

    private final @NotNull Map<String, String> environment;
    private final @NotNull InputStream in;
    private final @NotNull PrintStream out;
    private final @NotNull PrintStream err;

    public Cli(final @NotNull Map<String, String> environment, final @NotNull InputStream in,
               final @NotNull PrintStream out, final @NotNull PrintStream err) {
        this.environment = environment;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Runs the command; {@code serve} returns only when start-up fails (otherwise it runs until the JVM stops). */
    public int run(final @NotNull String @NotNull [] args) {
        Path configFile = null;
        final List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                out.print(usage());
                return OK;
            } else if (arg.equals("--config")) {
                if (i + 1 == args.length) {
                    return usageError("--config needs a file");
                }
                configFile = Path.of(args[++i]);
            } else if (arg.startsWith("--config=")) {
                configFile = Path.of(arg.substring("--config=".length()));
            } else {
                words.add(arg);
                if (OPTIONS_WITH_VALUE.contains(arg) && i + 1 < args.length) {
                    words.add(args[++i]);
                }
            }
        }
        final ServerConfig config;
        try {
            config = ServerConfig.load(configFile != null ? configFile
                    : Files.isRegularFile(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null, environment);
        } catch (final InvalidConfigurationException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        final String command = words.isEmpty() ? "serve" : words.get(0);
        final List<String> rest = words.isEmpty() ? List.of() : words.subList(1, words.size());
        switch (command) {
            case "serve":
                return rest.isEmpty() ? serve(config) : usageError("serve takes no arguments: " + rest);
            case "users":
                return new UsersCommand(config, in, out, err).run(rest);
            case "counters":
                return new CountersCommand(config, out, err).run(rest);
            default:
                return usageError(command.startsWith("-")
                        ? "unknown option '" + command + "'" : "unknown command '" + command + "'");
        }
    }

    static boolean isServe(final @NotNull String @NotNull [] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i].equals("serve");
            }
        }
        return true;
    }

    private int serve(final @NotNull ServerConfig config) {
        final MissiveServer server;
        try {
            server = MissiveServer.start(config);
        } catch (final ExtensionStartException e) {
            err.println(e.getMessage());
            return EXTENSION_FAILED;
        } catch (final MissiveStartException | IllegalStateException e) {
            err.println(e.getMessage());
            return FAILED;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "missive-shutdown"));
        try {
            stopped.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private int usageError(final @NotNull String problem) {
        err.println(problem);
        err.println("Run 'missive-server --help' for usage.");
        return USAGE;
    }

    static @NotNull String usage() {
        final StringBuilder keys = new StringBuilder();
        for (final Setting key : Setting.values()) {
            keys.append(String.format("  %-26s default: %s%n", key.key(),
                    key.defaultValue().isEmpty() ? "(empty)" : key.defaultValue()));
        }
        return String.join(System.lineSeparator(),
                "Usage: missive-server [--config <file>] [command]",
                "",
                "Commands:",
                "  serve                      run the server (the default)",
                "  users add <userId> [--display-name <name>] (--password <password> | --password-stdin)",
                "                             create a user (--password-stdin reads one line from standard input)",
                "  users import <file>        create users from lines 'userId:password[:displayName]';",
                "                             blank lines and '#' comments are ignored, existing users skipped",
                "  counters rebuild [--user <userId>]",
                "                             recompute unread counters in Redis from MongoDB (all users, or one)",
                "",
                "Options:",
                "  --config <file>            configuration file (default: ./missive.properties if present)",
                "  -h, --help                 this help",
                "",
                "Configuration keys (missive.properties.example documents them); each can be overridden by",
                "an environment variable: key upper-cased, '.' and '-' as '_', prefixed with MISSIVE_",
                "(mqtt.port <- MISSIVE_MQTT_PORT):",
                keys.toString(),
                "Users commands work on the configured store: mongo.uri, or the embedded store in data.dir",
                "(through the running server if there is one, else directly on its file).",
                "",
                "Exit codes: 0 ok; 1 failure; 2 invalid configuration or usage; 3 the Missive extension did",
                "not start (the broker refused every client and stopped). On SIGTERM/Ctrl-C the server stops",
                "cleanly.",
                "");
    }
}
