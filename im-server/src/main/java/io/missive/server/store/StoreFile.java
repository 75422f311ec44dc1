package io.missive.server.store;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.jetbrains.annotations.NotNull;

import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded store's file: an MVStore committed on demand by {@link GroupCommit}, and the
 * housekeeping that keeps its size proportional to the data although every write is committed.
 *
 * <p>Why committing every write once made the file grow to hundreds of megabytes for 20,000 messages:
 * <ol>
 *     <li>MVStore is copy-on-write: a commit writes a new chunk holding every page changed since the
 *         previous commit, whole, with its path up to the root, for every map touched (a message insert
 *         touches the collection's documents, its {@code _id} and unique index maps, its size counter,
 *         and the store's layout). Measured: 100 to 200 KB per commit for a few messages.</li>
 *     <li>A superseded chunk stays allocated for the retention time (45 s by default): at hundreds of
 *         commits per second, that alone is hundreds of megabytes.</li>
 *     <li>Even once the retention time has passed, a chunk is only freed when none of its pages is
 *         live, and nearly every chunk keeps a few (a leaf that filled up and no longer changes): the
 *         chunks' live share fell to about 10%. MVStore's background housekeeping rewrites such pages at
 *         a pace made for one commit per second. With retention time 0 alone, 20,000 messages still
 *         made a 500 MB file.</li>
 * </ol>
 * Hence:
 * <ul>
 *     <li>retention time 0: a chunk without live pages is reused at the next commit. The retention time
 *         guards against disks that reorder writes across a power loss; a dying process loses nothing
 *         the page cache has, and with {@link Durability#FSYNC} a commit is on the device before the next
 *         one reuses space. Readers are protected by version pinning instead (see
 *         {@link DurableH2Backend});</li>
 *     <li>LZF page compression: mongo-java-server stores documents through MVStore's generic object type
 *         (Java serialization), which compresses several times; every commit writes whole pages, so this
 *         divides both the bytes per commit and the compaction work;</li>
 *     <li>no auto-commit and no background writer: the commit thread is the only writer (a background
 *         commit is asynchronous and could not be waited for), and it runs {@link #housekeeping(boolean)}
 *         every {@value #HOUSEKEEPING_INTERVAL_MILLIS} ms, also under continuous load: while the chunks'
 *         live share is below {@value #CHUNK_FILL_TARGET}%, it rewrites the live pages of the sparsest
 *         chunks, as many bytes as half of what was written since the previous round (a chunk at fill
 *         rate p costs p of its size to free); and it moves chunks to the start of the file when the
 *         file has holes.</li>
 * </ul>
 * Measured with 8 producers appending through the message log (StoreDurabilityProbe): 20,000
 * messages make a 14 to 21 MB file, where H2's own one-second auto-commit (not durable) leaves 37 to
 * 39 MB and a commit per write with MVStore's defaults 1.4 GB; 100,000 messages: 74 to 92 MB, against
 * 195 MB with the one-second auto-commit.
 */
final class StoreFile {

    /** How often housekeeping runs (between commits; also under continuous load). */
    static final long HOUSEKEEPING_INTERVAL_MILLIS = 250;
    /** Rewrite the live pages of sparse chunks while the chunks' live share is below this (percent). */
    private static final int CHUNK_FILL_TARGET = 40;
    /** Move chunks to the start of the file while it is used below this (percent). */
    private static final int FILE_FILL_TARGET = 70;
    /**
     * Bytes of live pages rewritten per step, as a share of the bytes written since the previous step:
     * a chunk at fill rate p costs p of its size to free, so with sparse chunks (p well below 1/3) half of
     * what was written is enough to free as much as was written.
     */
    private static final int REWRITE_PERCENT_OF_WRITTEN = 50;
    /** Entries per B-tree page (MVStore's default: 48). */
    private static final int KEYS_PER_PAGE = 16;
    private static final int MIN_STEP_BYTES = 256 * 1024;
    private static final int MAX_STEP_BYTES = 16 * 1024 * 1024;
    /** When nothing was written since the previous round: catch up. */
    private static final int IDLE_STEP_BYTES = 4 * 1024 * 1024;

    private final @NotNull MVStore mvStore;
    private final @NotNull ReadWriteLock writeGate = new ReentrantReadWriteLock();
    private long writtenBefore;

    private StoreFile(final @NotNull MVStore mvStore) {
        this.mvStore = mvStore;
    }

    /** @throws org.h2.mvstore.MVStoreException when the file is locked or unreadable */
    static @NotNull StoreFile open(final @NotNull Path file) {
        final MVStore mvStore = new MVStore.Builder()
                .fileName(file.toString())
                // a commit serializes every changed page whole (documents one by one, through Java
                // serialization: most of a commit's time); 16 instead of 48 entries per page makes the
                // pages that every commit rewrites (the tail of each collection and index) a third as big
                .keysPerPage(KEYS_PER_PAGE)
                // LZF: documents are stored Java-serialized, which compresses to a fraction; every commit
                // writes whole pages, so this divides the bytes written per commit and the compaction work
                .compress()
                .autoCommitDisabled()
                // no commits from writing threads either: all commits are the commit thread's
                .autoCommitBufferSize(0)
                .open();
        mvStore.setRetentionTime(0);
        return new StoreFile(mvStore);
    }

    /** The mongo-java-server backend on this file, committing as {@code durability} says. */
    @NotNull DurableH2Backend backend(final @NotNull Durability durability) {
        final GroupCommit commits = new GroupCommit(mvStore, durability, writeGate, this::housekeeping,
                HOUSEKEEPING_INTERVAL_MILLIS);
        try {
            return new DurableH2Backend(mvStore, commits);
        } catch (final RuntimeException e) {
            commits.close();
            throw e;
        }
    }

    /** Closes the file without writing, after a failed start. */
    void closeAfterFailure() {
        mvStore.closeImmediately();
    }

    /** Runs on the commit thread, between commits. */
    void housekeeping(final boolean idle) {
        final FileStore<?> fileStore = mvStore.getFileStore();
        final long written = writtenBytes();
        final long step = idle ? IDLE_STEP_BYTES : Math.max(MIN_STEP_BYTES, Math.min(MAX_STEP_BYTES,
                (written - writtenBefore) * REWRITE_PERCENT_OF_WRITTEN / 100));
        // Rewriting pages changes no data and may run alongside commands; whatever stores (commits) must
        // not run in the middle of a write command: see GroupCommit's write gate.
        if (fileStore.getChunksFillRate() < CHUNK_FILL_TARGET) {
            // rewrites the live pages of the sparsest chunks; the commit stores them, the old chunks die
            if (mvStore.compact(100, (int) step)) {
                exclusively(mvStore::commit);
            }
        }
        if (fileStore instanceof RandomAccessStore && fileStore.getFillRate() < FILE_FILL_TARGET) {
            exclusively(() -> ((RandomAccessStore) fileStore).compactMoveChunks(FILE_FILL_TARGET, step, mvStore));
        }
        writtenBefore = writtenBytes();
    }

    private void exclusively(final @NotNull Runnable operation) {
        writeGate.writeLock().lock();
        try {
            operation.run();
        } finally {
            writeGate.writeLock().unlock();
        }
    }

    /** Bytes written to the file since it was opened (MVStore reports it among its statistics only). */
    private long writtenBytes() {
        final long[] bytes = {0};
        mvStore.populateInfo((key, value) -> {
            if (key.equals("info.FILE_WRITE_BYTES")) {
                bytes[0] = Long.parseLong(value);
            }
        });
        return bytes[0];
    }
}
