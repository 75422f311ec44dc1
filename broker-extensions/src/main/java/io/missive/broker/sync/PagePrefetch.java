package io.missive.broker.sync;

import io.missive.broker.request.Identity;
import io.missive.protocol.v1.SyncEvent;
import io.missive.storage.sync.SyncEntry;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The next page of a device that pages through its stream, read from the store while the device
 * still receives and handles the page before it. A device catching up on thousands of events asks
 * for page after page; with the next one read ahead, its store reads overlap the transfer instead
 * of adding to it. Stream entries and messages never change once written, so a page read a moment
 * early is the page the device would have got then; only the latest version is decided when the
 * page is served.
 *
 * <p>One page ahead per device, taken by the request it was read for or dropped: by a request that
 * asks for something else, after {@value #MAX_AGE_SECONDS} s, or when the device disconnects. At
 * most {@value #MAX_DEVICES} devices are read ahead for at once; beyond that pages are read on request.
 */
@Singleton
public final class PagePrefetch {

    static final int MAX_AGE_SECONDS = 5;
    static final int MAX_DEVICES = 1_000;

    /** A page as read: the entries after a version (up to one more than the page holds) and the page's events. */
    public record Read(@NotNull List<SyncEntry> entries, @NotNull List<SyncEvent> events) {
    }

    private record Ahead(long after, int limit, long readNanos, @NotNull CompletableFuture<Read> read) {
    }

    private final @NotNull ConcurrentHashMap<String, Ahead> ahead = new ConcurrentHashMap<>();

    /**
     * The page read ahead for exactly this request, if there is a fresh one; the device's read-ahead
     * is dropped either way.
     */
    public @NotNull Optional<CompletableFuture<Read>> take(final @NotNull Identity device, final long after,
                                                          final int limit) {
        final Ahead found = ahead.remove(device.connectionKey());
        if (found == null || found.after() != after || found.limit() != limit
                || System.nanoTime() - found.readNanos() > TimeUnit.SECONDS.toNanos(MAX_AGE_SECONDS)) {
            return Optional.empty();
        }
        return Optional.of(found.read());
    }

    /** Starts reading the device's next page (after {@code after}, {@code limit} events), unless too many are read ahead. */
    public void readAhead(final @NotNull Identity device, final long after, final int limit,
                          final @NotNull Supplier<CompletableFuture<Read>> read) {
        if (ahead.size() >= MAX_DEVICES) {
            dropStale();
            if (ahead.size() >= MAX_DEVICES) {
                return;
            }
        }
        ahead.put(device.connectionKey(), new Ahead(after, limit, System.nanoTime(), read.get()));
    }

    /** The device went away: its read-ahead is of no use any more. */
    public void disconnected(final @NotNull Identity device) {
        ahead.remove(device.connectionKey());
    }

    /** How many devices have a page read ahead (for tests and metrics). */
    int size() {
        return ahead.size();
    }

    private void dropStale() {
        final long now = System.nanoTime();
        ahead.values().removeIf(a -> now - a.readNanos() > TimeUnit.SECONDS.toNanos(MAX_AGE_SECONDS));
    }
}
