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
 * The device's position in its sync stream and in the groups it follows, as the client works with
 * it: loaded from the {@link SyncStore} once, advanced as events are delivered, and saved after
 * each batch. Not thread-safe; confined to the delivery thread.
 */
final class DeviceCursor {

    /** How many left groups are remembered (the oldest is forgotten first). */
    static final int MAX_LEFT_GROUPS = 1_000;

    private static final @NotNull Logger LOG = Logger.getLogger(DeviceCursor.class.getName());

    private final @NotNull SyncStore store;
    private final @NotNull Map<String, Long> highestSeqs = new LinkedHashMap<>();
    private final @NotNull Map<String, Long> groupSeqs = new LinkedHashMap<>();
    private final @NotNull Map<String, Long> leftGroups = new LinkedHashMap<>();
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
            groupSeqs.putAll(saved.groupSeqs());
            leftGroups.putAll(saved.leftGroups());
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

    /** @return true while the device follows the group (the user is a member as far as it knows) */
    boolean isFollowing(final @NotNull String conversationId) {
        return groupSeqs.containsKey(conversationId);
    }

    /** @return the last seq delivered in a followed group (0 for none or not followed) */
    long groupSeq(final @NotNull String conversationId) {
        final Long seq = groupSeqs.get(conversationId);
        return seq == null ? 0 : seq;
    }

    /** @return the seq of the event by which the user left the group; 0 when not known to have left */
    long leftAt(final @NotNull String conversationId) {
        final Long seq = leftGroups.get(conversationId);
        return seq == null ? 0 : seq;
    }

    /** @return true for a group the device follows or has left */
    boolean isKnownGroup(final @NotNull String conversationId) {
        return groupSeqs.containsKey(conversationId) || leftGroups.containsKey(conversationId);
    }

    /** @return the groups the device follows */
    @NotNull List<String> followedGroups() {
        return new ArrayList<>(groupSeqs.keySet());
    }

    /** The user is a member from {@code seq} on: follow the group with that seq as the last one delivered. */
    void follow(final @NotNull String conversationId, final long seq) {
        final Long before = groupSeqs.put(conversationId, seq);
        if (leftGroups.remove(conversationId) != null || before == null || before != seq) {
            dirty = true;
        }
    }

    /** A message of a followed group was delivered: its position and the conversation's highest seq move. */
    void groupDelivered(final @NotNull ChatMessage message) {
        final Long before = groupSeqs.get(message.conversationId());
        if (before != null && message.seq() > before) {
            groupSeqs.put(message.conversationId(), message.seq());
            dirty = true;
        }
        seen(message);
    }

    /** The user left the group (or was removed) with the event {@code seq}: stop following it. */
    void unfollow(final @NotNull String conversationId, final long seq) {
        groupSeqs.remove(conversationId);
        leftGroups.remove(conversationId);
        leftGroups.put(conversationId, Math.max(1, seq));
        while (leftGroups.size() > MAX_LEFT_GROUPS) {
            leftGroups.remove(leftGroups.keySet().iterator().next());
        }
        dirty = true;
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
            store.save(SyncCursor.of(version, highestSeqs, groupSeqs, leftGroups));
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
