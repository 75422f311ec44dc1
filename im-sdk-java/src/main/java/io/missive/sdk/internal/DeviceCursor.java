package io.missive.sdk.internal;

import io.missive.sdk.ChatMessage;
import io.missive.sdk.SyncCursor;
import io.missive.sdk.SyncStore;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The device's position in its sync stream, as the client works with it: loaded from the
 * {@link SyncStore} once, advanced as events are delivered, and saved after each batch. Not
 * thread-safe; confined to the delivery thread.
 */
final class DeviceCursor {

    private static final @NotNull Logger LOG = Logger.getLogger(DeviceCursor.class.getName());

    private final @NotNull SyncStore store;
    private final @NotNull Map<String, Long> highestSeqs = new LinkedHashMap<>();
    private long version;
    private boolean loaded;
    private boolean dirty;
    private boolean saveFailing;

    DeviceCursor(final @NotNull SyncStore store) {
        this.store = store;
    }

    /** Reads the store on the first call; a store that cannot be read counts as empty. */
    void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        try {
            final SyncCursor saved = store.load();
            version = saved.version();
            highestSeqs.putAll(saved.highestSeqs());
        } catch (final IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "could not read the sync cursor; starting from the beginning of the stream", e);
        }
    }

    /** @return the last version delivered (0 for none) */
    long version() {
        return version;
    }

    /** @return the highest seq delivered in the conversation (0 for none) */
    long highestSeq(final @NotNull String conversationId) {
        final Long seq = highestSeqs.get(conversationId);
        return seq == null ? 0 : seq;
    }

    /** @return the conversations with a delivered message, in the order they were first seen */
    @NotNull List<String> conversations() {
        return new ArrayList<>(highestSeqs.keySet());
    }

    /** An event was delivered: the version advances, and the message's conversation position. */
    void advance(final long eventVersion, final @Nullable ChatMessage message) {
        if (eventVersion > version) {
            version = eventVersion;
            dirty = true;
        }
        if (message != null) {
            seen(message);
        }
    }

    /** A message was delivered outside the stream (history rebuild): only its conversation position moves. */
    void seen(final @NotNull ChatMessage message) {
        final Long before = highestSeqs.get(message.conversationId());
        if (before == null || message.seq() > before) {
            highestSeqs.put(message.conversationId(), message.seq());
            dirty = true;
        }
    }

    /** Moves the version forward without delivering (after a history rebuild). */
    void jumpTo(final long newVersion) {
        advance(newVersion, null);
    }

    /** Saves when something changed. A failure is logged and retried with the next save. */
    void save() {
        if (!dirty) {
            return;
        }
        try {
            store.save(SyncCursor.of(version, highestSeqs));
            dirty = false;
            if (saveFailing) {
                saveFailing = false;
                LOG.info("saving the sync cursor works again");
            }
        } catch (final IOException | RuntimeException e) {
            LOG.log(saveFailing ? Level.FINE : Level.WARNING,
                    "could not save the sync cursor; after a restart some messages arrive again", e);
            saveFailing = true;
        }
    }
}
