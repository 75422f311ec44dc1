package io.missive.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.jetbrains.annotations.NotNull;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A MongoDB-wire server holding its data in memory (mongo-java-server's memory backend), in its own
 * process: the store a Missive server reaches through {@code mongo.uri} in the runs that stand in for
 * a real MongoDB. Arguments: {@code <port>}. Prints {@link #READY}; stops when its standard input closes.
 */
public final class MemoryStore {

    public static final @NotNull String READY = "memory store ready";
    static final @NotNull String COMMANDS_PREFIX = "commands served: ";
    /** Threads serving the connections (the driver opens a few dozen at most). */
    private static final int WORKER_THREADS = 16;

    private MemoryStore() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, LongAdder> commands = new ConcurrentHashMap<>();
        final MongoServer server = new MongoServer(new MemoryBackend() {
            @Override
            public Document handleCommand(final Channel channel, final String database, final String command,
                                          final Document query) {
                final Object collection = query.get(command);
                commands.computeIfAbsent(command + (collection instanceof String name ? " " + name : ""),
                        k -> new LongAdder()).increment();
                return super.handleCommand(channel, database, command, query);
            }
        });
        // A real MongoDB serves every connection on a thread of its own; mongo-java-server's default
        // is one event loop thread per half core, shared by many connections, so that one long
        // command (a bulk write of hundreds of updates) holds up every connection on its thread.
        server.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1, WORKER_THREADS);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "memory-store-stop"));
        System.out.println(READY);
        System.out.flush();
        final BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = input.readLine()) != null) {
            if (line.equals("commands")) {
                System.out.println(COMMANDS_PREFIX + new TreeMap<>(commands)); // by command and collection
                System.out.flush();
            }
        }
        System.exit(0);
    }
}
