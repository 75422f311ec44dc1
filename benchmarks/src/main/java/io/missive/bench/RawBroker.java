package io.missive.bench;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.missive.server.broker.BrokerConfigFile;
import org.jetbrains.annotations.NotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The reference: embedded HiveMQ CE with no extension, configured like Missive's broker (same
 * listener, packet size and in-memory persistence), so that the difference measured is what the
 * extension adds. Runs in its own process; stops when its standard input closes (the harness
 * exits) or on SIGTERM.
 *
 * <p>Arguments: {@code <port> <work dir>}. Prints {@link #READY} when clients can connect.
 */
public final class RawBroker {

    public static final @NotNull String READY = "raw broker ready";
    /** Large enough for the resume reference (a persistent session 10,000 messages behind). */
    static final int MAX_QUEUED_MESSAGES = 100_000;

    private RawBroker() {
    }

    public static void main(final String[] args) throws Exception {
        final int port = Integer.parseInt(args[0]);
        final Path dir = Paths.get(args[1]);
        final Path conf = dir.resolve("conf");
        BrokerConfigFile.write(conf, "127.0.0.1", port, OptionalInt.empty(), 1_048_576, Optional.empty());
        // the one difference from Missive's broker configuration: a queue deep enough for the resume reference
        final Path config = conf.resolve("config.xml");
        Files.writeString(config, Files.readString(config).replace("    <mqtt>\n",
                "    <mqtt>\n        <queued-messages>\n            <max-queue-size>" + MAX_QUEUED_MESSAGES
                        + "</max-queue-size>\n        </queued-messages>\n"));
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("extensions"));
        final EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(dir.resolve("data"))
                .withExtensionsFolder(dir.resolve("extensions"))
                .build();
        try {
            broker.start().get(60, TimeUnit.SECONDS);
        } catch (final Exception e) {
            System.out.println("raw broker failed to start: " + e);
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(broker), "raw-broker-stop"));
        System.out.println(READY);
        System.out.flush();
        // the harness holds our standard input open for as long as it needs us
        while (System.in.read() >= 0) {
            // ignore input
        }
        System.exit(0);
    }

    private static void stop(final @NotNull EmbeddedHiveMQ broker) {
        try {
            broker.stop().get(20, TimeUnit.SECONDS);
        } catch (final Exception e) {
            // exiting anyway
        }
    }
}
