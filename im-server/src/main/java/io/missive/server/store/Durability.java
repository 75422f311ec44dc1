package io.missive.server.store;

/**
 * What the embedded store guarantees about a write once it has answered it.
 *
 * <p>Either way the answer to a write command (and to any command that saw a write) leaves only
 * after the changes are committed: written into the store file in one MVStore chunk. Commands in
 * flight on several connections share one commit (group commit).
 */
public enum Durability {

    /**
     * Committed to the file (the operating system's page cache) before the answer: nothing answered is
     * lost when the process dies (crash, {@code kill -9}, OOM killer). A power loss or kernel crash may
     * still lose the last moments, as with MongoDB's default journal interval. The default.
     */
    COMMIT,

    /**
     * Committed and forced to the device ({@code fsync}) before the answer: also survives a power loss,
     * as far as the operating system and the disk honour fsync. Each group commit costs one fsync.
     */
    FSYNC
}
