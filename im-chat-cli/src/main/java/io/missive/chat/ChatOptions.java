package io.missive.chat;

import io.missive.protocol.Ids;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The command line of the chat client, parsed by hand. */
final class ChatOptions {

    static final @NotNull String USAGE = String.join(System.lineSeparator(),
            "usage: missive-chat --user <id> [--device <id>] [--server <uri>]...",
            "                    [--password <pw> [--register] | --token <mvt1...>] [--token-file <path>]",
            "                    [--ca <pem file>] [--pin <sha256/...>] [--verbose]",
            "",
            "  --server      MQTT URI of the Missive server (default tcp://127.0.0.1:1883; ssl://host:8883 and",
            "                wss://host:443/mqtt over TLS); give it more than once for several endpoints, in order",
            "                of preference: connecting races them and uses the first that answers",
            "  --user        your user id",
            "  --device      this device's id (default <user>-cli)",
            "  --password    log in with your password; the issued device token is saved for next time",
            "  --register    with --password: create the user if the server allows self-registration",
            "  --token       log in with a device token instead of the saved one",
            "  --token-file  where the device token is kept (default ~/.missive/<user>-<device>.token)",
            "  --ca          over TLS: trust only the authorities (or the self-signed server certificate) in this file",
            "  --pin         over TLS: require this public-key pin (sha256/<Base64>, as the server logs it) or",
            "                certificate SHA-256; alone, it trusts a self-signed server without an authority",
            "  --verbose     show the SDK's log messages");

    static final @NotNull String DEFAULT_SERVER = "tcp://127.0.0.1:1883";

    private final @NotNull List<String> servers;
    private final @NotNull String user;
    private final @NotNull String device;
    private final @Nullable String password;
    private final @Nullable String token;
    private final boolean register;
    private final @Nullable Path tokenFile;
    private final @Nullable Path ca;
    private final @Nullable String pin;
    private final boolean verbose;
    private final boolean help;

    private ChatOptions(final @NotNull Parser p) {
        this.servers = p.servers.isEmpty() ? List.of(DEFAULT_SERVER) : List.copyOf(p.servers);
        this.user = p.user == null ? "" : p.user;
        this.device = p.device != null ? p.device : this.user + "-cli";
        this.password = p.password;
        this.token = p.token;
        this.register = p.register;
        this.tokenFile = p.tokenFile == null ? null : Paths.get(p.tokenFile);
        this.ca = p.ca == null ? null : Paths.get(p.ca);
        this.pin = p.pin;
        this.verbose = p.verbose;
        this.help = p.help;
    }

    /** @throws IllegalArgumentException with a message for the user when the command line is wrong */
    static @NotNull ChatOptions parse(final @NotNull String... args) {
        final Parser p = new Parser();
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            final int eq = arg.indexOf('=');
            final String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            final String inline = arg.startsWith("--") && eq > 0 ? arg.substring(eq + 1) : null;
            switch (name) {
                case "-h":
                case "--help":
                    p.help = true;
                    break;
                case "--register":
                    p.register = true;
                    break;
                case "--verbose":
                    p.verbose = true;
                    break;
                case "--server":
                case "--user":
                case "--device":
                case "--password":
                case "--token":
                case "--token-file":
                case "--ca":
                case "--pin":
                    final String value;
                    if (inline != null) {
                        value = inline;
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    p.set(name, value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        final ChatOptions options = new ChatOptions(p);
        if (!options.help) {
            options.validate();
        }
        return options;
    }

    private void validate() {
        if (user.isEmpty()) {
            throw new IllegalArgumentException("--user is required");
        }
        if (!Ids.isValidUserId(user)) {
            throw new IllegalArgumentException("not a valid user id: " + user);
        }
        if (!Ids.isValidDeviceId(device)) {
            throw new IllegalArgumentException("not a valid device id: " + device);
        }
        if (password != null && token != null) {
            throw new IllegalArgumentException("give --password or --token, not both");
        }
        if (register && password == null) {
            throw new IllegalArgumentException("--register needs --password");
        }
        final boolean tls = servers.stream().anyMatch(s -> s.startsWith("ssl://") || s.startsWith("wss://"));
        if ((ca != null || pin != null) && !tls) {
            throw new IllegalArgumentException("--ca and --pin are for TLS servers (ssl://, wss://), not "
                    + String.join(", ", servers));
        }
    }

    /** The first server endpoint. */
    @NotNull String server() {
        return servers.get(0);
    }

    /** The server endpoints in order of preference: each --server, or the default. */
    @NotNull List<String> servers() {
        return servers;
    }

    @NotNull String user() {
        return user;
    }

    @NotNull String device() {
        return device;
    }

    @Nullable String password() {
        return password;
    }

    @Nullable String token() {
        return token;
    }

    boolean register() {
        return register;
    }

    /** @return the token file given on the command line, or null for the default location */
    @Nullable Path tokenFile() {
        return tokenFile;
    }

    /** The PEM file of the authorities to trust over TLS, if given. */
    @Nullable Path ca() {
        return ca;
    }

    /** The public-key pin (or certificate SHA-256) to require over TLS, if given. */
    @Nullable String pin() {
        return pin;
    }

    boolean verbose() {
        return verbose;
    }

    boolean help() {
        return help;
    }

    private static final class Parser {

        private final @NotNull List<String> servers = new ArrayList<>();
        private @Nullable String user;
        private @Nullable String device;
        private @Nullable String password;
        private @Nullable String token;
        private @Nullable String tokenFile;
        private @Nullable String ca;
        private @Nullable String pin;
        private boolean register;
        private boolean verbose;
        private boolean help;

        private void set(final @NotNull String name, final @NotNull String value) {
            switch (name) {
                case "--server":
                    servers.add(value);
                    break;
                case "--user":
                    user = value;
                    break;
                case "--device":
                    device = value;
                    break;
                case "--password":
                    password = value;
                    break;
                case "--token":
                    token = value;
                    break;
                case "--ca":
                    ca = value;
                    break;
                case "--pin":
                    pin = value;
                    break;
                default:
                    tokenFile = value;
                    break;
            }
        }
    }
}
