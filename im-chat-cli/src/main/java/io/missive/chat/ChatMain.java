package io.missive.chat;

import io.missive.sdk.ConnectResult;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveClient;
import io.missive.sdk.MissiveClientBuilder;
import io.missive.sdk.MissiveException;
import io.missive.sdk.SyncStore;
import io.missive.sdk.TlsTrust;
import org.jetbrains.annotations.NotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A terminal chat client: {@code missive-chat --user alice --password secret}, then type
 * {@code @bob hello}. Exit status: 0 after /quit, 1 when connecting fails, 2 for a bad command line.
 */
public final class ChatMain {

    /** Held so that the configured level is not lost when the logger would be collected. */
    private static final @NotNull Logger SDK_LOG = Logger.getLogger("io.missive.sdk");

    private ChatMain() {
    }

    public static void main(final String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(final @NotNull String[] args, final @NotNull InputStream stdin,
                   final @NotNull PrintStream out, final @NotNull PrintStream err) {
        final ChatOptions options;
        try {
            options = ChatOptions.parse(args);
        } catch (final IllegalArgumentException e) {
            err.println("missive-chat: " + e.getMessage());
            err.println(ChatOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(ChatOptions.USAGE);
            return 0;
        }
        SDK_LOG.setLevel(options.verbose() ? Level.INFO : Level.SEVERE);
        final TokenFile tokenFile = options.tokenFile() != null
                ? new TokenFile(options.tokenFile())
                : TokenFile.defaultFor(options.user(), options.device());

        final MissiveClient client;
        try {
            client = credentials(options, tokenFile, MissiveClient.builder()
                    .serverUris(options.servers()).userId(options.user()).deviceId(options.device())
                    .syncStore(SyncStore.file(syncFileBeside(tokenFile.path())))
                    .tlsTrust(tlsTrust(options)))
                    .build();
        } catch (final IllegalArgumentException | IOException | UncheckedIOException e) {
            err.println("missive-chat: " + e.getMessage());
            return 2;
        }
        final ChatConsole console = new ChatConsole(client, out);
        client.addMessageListener(console::onMessage);
        client.addConnectionListener(new ConnectionNotices(console));
        try {
            final ConnectResult connected = client.toBlocking().connect();
            saveToken(connected, tokenFile, console);
            console.info("connected to " + connected.serverUri().orElse(options.server()) + " as " + options.user() + " on " + options.device()
                    + "; /help lists the commands");
            console.run(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
            return 0;
        } catch (final MissiveException e) {
            err.println("missive-chat: " + e.getMessage());
            if (e.code() == ErrorCode.BAD_CREDENTIALS && options.password() == null) {
                err.println("missive-chat: the device token was refused; log in again with --password");
            }
            return 1;
        } catch (final IOException e) {
            err.println("missive-chat: reading input failed: " + e.getMessage());
            return 1;
        } finally {
            try {
                client.close().get(5, TimeUnit.SECONDS);
            } catch (final Exception e) {
                err.println("missive-chat: closing did not finish cleanly: " + e);
            }
        }
    }

    /**
     * @return where the device's sync cursor is kept: next to the token file, {@code .sync} instead
     *         of {@code .token}, so that a restarted chat shows only what it has not shown before
     */
    static @NotNull Path syncFileBeside(final @NotNull Path tokenFile) {
        final String name = tokenFile.getFileName().toString();
        final String base = name.endsWith(".token") ? name.substring(0, name.length() - ".token".length()) : name;
        return tokenFile.resolveSibling(base + ".sync");
    }

    private static @NotNull MissiveClientBuilder credentials(final @NotNull ChatOptions options,
                                                             final @NotNull TokenFile tokenFile,
                                                             final @NotNull MissiveClientBuilder builder)
            throws IOException {
        if (options.password() != null) {
            return builder.password(options.password()).register(options.register());
        }
        if (options.token() != null) {
            return builder.token(options.token());
        }
        final Optional<String> stored = tokenFile.read();
        if (stored.isEmpty()) {
            throw new IllegalArgumentException("no saved device token in " + tokenFile.path()
                    + "; log in once with --password");
        }
        return builder.token(stored.get());
    }

    private static void saveToken(final @NotNull ConnectResult result, final @NotNull TokenFile tokenFile,
                                  final @NotNull ChatConsole console) {
        result.deviceToken().ifPresent(token -> {
            try {
                tokenFile.write(token);
                console.info("device token saved to " + tokenFile.path() + "; next time --password is not needed");
            } catch (final IOException e) {
                console.problem("could not save the device token to " + tokenFile.path() + ": " + e.getMessage());
            }
        });
    }

    /** --ca and --pin: the authorities of the file (or the platform's), and the pin on top; the pin alone. */
    private static @NotNull TlsTrust tlsTrust(final @NotNull ChatOptions options) {
        if (options.ca() == null && options.pin() != null) {
            return TlsTrust.pinned(options.pin());
        }
        final TlsTrust authorities = options.ca() != null ? TlsTrust.certificateAuthority(options.ca()) : TlsTrust.system();
        return options.pin() != null ? authorities.withPin(options.pin()) : authorities;
    }
}
