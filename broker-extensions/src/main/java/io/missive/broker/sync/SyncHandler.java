package io.missive.broker.sync;

import io.missive.broker.metrics.Metrics;
import io.missive.broker.request.Identity;
import io.missive.broker.request.RequestException;
import io.missive.protocol.v1.ErrorCode;
import io.missive.protocol.v1.SyncAck;
import io.missive.protocol.v1.SyncPage;
import io.missive.protocol.v1.SyncRequest;
import io.missive.storage.MongoStores;
import io.missive.storage.sync.SyncEntry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Catch-up and cursors. A SyncRequest reads the user's stream after the device's version, a page
 * at a time; when the entries right after that version are no longer retained (retention, cap)
 * the device is told TOO_FAR_BEHIND with the latest version, so it can rebuild from history and
 * continue from there. A SyncAck moves the device's stored cursor forward.
 */
@Singleton
public final class SyncHandler {

    private static final int DEFAULT_LIMIT = 200;
    private static final int MAX_LIMIT = 500;

    private final @NotNull MongoStores stores;
    private final @NotNull SyncPages pages;
    private final @NotNull DeviceSessions sessions;
    private final @NotNull CursorWrites cursors;
    private final @NotNull Metrics metrics;

    @Inject
    public SyncHandler(final @NotNull MongoStores stores, final @NotNull SyncPages pages,
                       final @NotNull DeviceSessions sessions, final @NotNull CursorWrites cursors,
                       final @NotNull Metrics metrics) {
        this.metrics = metrics;
        this.stores = stores;
        this.pages = pages;
        this.sessions = sessions;
        this.cursors = cursors;
    }

    public @NotNull CompletableFuture<SyncPage> page(final @NotNull Identity device, final @NotNull SyncRequest request) {
        final int limit = request.getLimit() == 0 ? DEFAULT_LIMIT : request.getLimit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit must be 1.." + MAX_LIMIT + " (0 = " + DEFAULT_LIMIT + ")");
        }
        final long after = request.getAfterVersion();
        if (after < 0) {
            throw invalid("after_version must not be negative");
        }
        final String user = device.userId();
        // What this server knows is read first: entries appended meanwhile can only make the page
        // longer. Without it, the page itself (and point lookups) tell the latest version.
        final Optional<Long> cached = stores.syncStreams().cachedLatest(user).filter(known -> after <= known);
        return stores.syncStreams().after(user, after, limit + 1).thenCompose(entries ->
                (cached.isPresent() ? CompletableFuture.completedFuture(cached.get())
                        : stores.syncStreams().latestAfterPage(user, after, entries)).thenCompose(known -> {
                    final long latest = entries.isEmpty() ? known
                            : Math.max(known, entries.get(entries.size() - 1).version());
                    final boolean gap = entries.isEmpty() ? after != latest : entries.get(0).version() != after + 1;
                    if (gap) {
                        throw new RequestException(ErrorCode.TOO_FAR_BEHIND, "the sync stream no longer holds the "
                                + "events after version " + after + "; rebuild from history and continue after "
                                + "version " + latest, latest);
                    }
                    final boolean more = entries.size() > limit;
                    final List<SyncEntry> page = more ? entries.subList(0, limit) : entries;
                    sessions.syncing(device, after);
                    return pages.events(page).thenApply(events -> {
                        metrics.syncPageServed();
                        return SyncPage.newBuilder().addAllEvents(events).setHasMore(more).setLatestVersion(latest)
                                .build();
                    });
                }));
    }

    public @NotNull CompletableFuture<Void> acknowledge(final @NotNull Identity device, final @NotNull SyncAck ack) {
        final long version = ack.getVersion();
        if (version < 1) {
            throw invalid("version must be positive");
        }
        return stores.syncStreams().reached(device.userId(), version).thenCompose(reached -> {
            if (!reached) {
                throw new RequestException(ErrorCode.INVALID_ARGUMENT,
                        "version " + version + " is beyond the user's sync stream");
            }
            sessions.acknowledged(device, version);
            cursors.acknowledge(device.deviceId(), version);
            metrics.syncAckStored();
            return CompletableFuture.<Void>completedFuture(null);
        });
    }

    private static @NotNull RequestException invalid(final @NotNull String message) {
        return new RequestException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
