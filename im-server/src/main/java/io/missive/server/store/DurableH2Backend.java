package io.missive.server.store;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * mongo-java-server's H2 backend whose replies wait for the commit that makes them true.
 *
 * <p>mongo-java-server handles a command on the connection's event loop and writes the reply right
 * after {@link #handleCommand}; this backend hands the command a ticket from {@link GroupCommit} at
 * that point, and {@link DurableReplies} holds the reply until that commit has completed:
 * <ul>
 *     <li>a command that may write (everything but known read-only commands) waits for the next commit
 *         to start, whether it changed something or failed half-way (an ordered insertMany that stored a
 *         prefix, then hit a duplicate key, is answered only once the prefix is in the file);</li>
 *     <li>a read-only command is answered at once unless it may have seen a write that is not in the
 *         file yet (another connection's, still waiting for its commit); then it waits for the same
 *         commit. So no client ever sees data that a crash could take back.</li>
 * </ul>
 *
 * <p>A write command runs under the read lock of the commit's write gate (see {@link GroupCommit}): a
 * commit never stores half of it, e.g. a document without its entries in the unique indexes.
 *
 * <p>Each command pins the store version it starts on ({@link MVStore#registerVersionUsage()}), so
 * that the pages it reads cannot be overwritten under it even though the store reuses the space of
 * old chunks at once (retention time 0, see {@link EmbeddedStore}).
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that never change data (lower case). Anything else is treated as a write. */
    private static final @NotNull Set<String> READ_ONLY = Set.of(
            "find", "getmore", "count", "distinct", "aggregate", "listcollections", "listindexes",
            "listdatabases", "ping", "hello", "ismaster", "buildinfo", "whatsmyuri", "serverstatus", "dbstats",
            "collstats", "killcursors", "endsessions", "getlasterror", "getparameter", "getcmdlineopts",
            "hostinfo", "connectionstatus", "getlog", "validate", "explain", "getfreemonitoringstatus");

    private final @NotNull MVStore mvStore;
    private final @NotNull GroupCommit commits;

    DurableH2Backend(final @NotNull MVStore mvStore, final @NotNull GroupCommit commits) {
        super(mvStore);
        this.mvStore = mvStore;
        this.commits = commits;
    }

    @Override
    public Document handleCommand(final @Nullable Channel channel, final @NotNull String databaseName,
                                  final @NotNull String command, final @NotNull Document query) {
        final boolean write = mayWrite(command, query);
        final MVStore.TxCounter pin = mvStore.registerVersionUsage();
        final Lock gate = write ? commits.writeGate().readLock() : null;
        if (gate != null) {
            gate.lock();
        }
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            if (gate != null) {
                gate.unlock();
            }
            mvStore.deregisterVersionUsage(pin);
            if (channel != null) {
                DurableReplies.holdNextReply(channel, commits,
                        write ? commits.ticketForWrite() : commits.ticketForRead());
            }
        }
    }

    /** Legacy OP_QUERY reads (current drivers send commands instead). */
    @Override
    public QueryResult handleQuery(final @NotNull MongoQuery query) {
        final MVStore.TxCounter pin = mvStore.registerVersionUsage();
        try {
            return super.handleQuery(query);
        } finally {
            mvStore.deregisterVersionUsage(pin);
            if (query.getChannel() != null) {
                DurableReplies.holdNextReply(query.getChannel(), commits, commits.ticketForRead());
            }
        }
    }

    @NotNull GroupCommit commits() {
        return commits;
    }

    /** Stops committing (after a last commit of whatever is pending), then closes the store. */
    @Override
    public void close() {
        commits.close();
        super.close();
    }

    static boolean mayWrite(final @NotNull String command, final @NotNull Document query) {
        final String name = command.toLowerCase(Locale.ROOT);
        if (!READ_ONLY.contains(name)) {
            return true;
        }
        if (name.equals("aggregate")) {
            // $out and $merge write the results into a collection
            final Object pipeline = query.get("pipeline");
            if (pipeline instanceof List) {
                for (final Object stage : (List<?>) pipeline) {
                    if (stage instanceof Document
                            && (((Document) stage).containsKey("$out") || ((Document) stage).containsKey("$merge"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
