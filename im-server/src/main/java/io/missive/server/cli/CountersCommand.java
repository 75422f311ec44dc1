package io.missive.server.cli;

import io.missive.server.ServerConfig;
import io.missive.server.users.StoreConnection;
import io.missive.storage.MongoStores;
import io.missive.storage.counters.CounterTruth;
import io.missive.storage.counters.UnreadCounters;
import org.jetbrains.annotations.NotNull;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code missive-server counters rebuild [--user <userId>]}: recomputes unread counters in Redis
 * from MongoDB (each conversation's latest seq minus the user's read seq), for one user or all.
 */
final class CountersCommand {

    private static final int PAGE = 500;
    private static final long TIMEOUT_SECONDS = 30;

    private final @NotNull ServerConfig config;
    private final @NotNull PrintStream out;
    private final @NotNull PrintStream err;

    CountersCommand(final @NotNull ServerConfig config, final @NotNull PrintStream out, final @NotNull PrintStream err) {
        this.config = config;
        this.out = out;
        this.err = err;
    }

    int run(final @NotNull List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("rebuild")) {
            return usageError("counters needs a subcommand: rebuild");
        }
        String user = null;
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("--user") && i + 1 < args.size()) {
                user = args.get(++i);
            } else {
                return usageError("unexpected argument '" + args.get(i) + "'");
            }
        }
        final String redisUri;
        if (config.redisUri().isPresent()) {
            redisUri = config.redisUri().get();
        } else if (config.redisEmbeddedPort() != 0) {
            // the embedded Redis of a server running with this configuration
            redisUri = "redis://127.0.0.1:" + config.redisEmbeddedPort();
        } else {
            err.println("counters rebuild needs redis.uri, or a fixed redis.embedded-port of a running server");
            return Cli.USAGE;
        }
        try (StoreConnection store = StoreConnection.open(config);
             UnreadCounters counters = UnreadCounters.connect(redisUri)) {
            counters.ping().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final MongoStores stores = store.stores();
            if (user != null) {
                final long total = rebuild(stores, counters, user);
                out.println("rebuilt the counters of " + user + ": " + total + " unread");
                return Cli.OK;
            }
            long users = 0;
            String after = "";
            for (List<String> page = stores.users().ids(after, PAGE).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                 !page.isEmpty(); page = stores.users().ids(after, PAGE).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                for (final String id : page) {
                    rebuild(stores, counters, id);
                    users++;
                }
                after = page.get(page.size() - 1);
            }
            out.println("rebuilt the counters of " + users + " users from " + store.description());
            return Cli.OK;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return Cli.FAILED;
        } catch (final Exception e) {
            err.println("counters rebuild failed: " + e.getMessage());
            return Cli.FAILED;
        }
    }

    private static long rebuild(final @NotNull MongoStores stores, final @NotNull UnreadCounters counters,
                                final @NotNull String userId) throws Exception {
        return CounterTruth.of(stores, userId).thenCompose(truth -> counters.reconcile(userId, truth))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private int usageError(final @NotNull String problem) {
        err.println(problem);
        err.println("Run 'missive-server --help' for usage.");
        return Cli.USAGE;
    }
}
