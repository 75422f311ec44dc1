package io.missive.sdk.internal;

import io.missive.protocol.Ids;
import io.missive.protocol.v1.Message;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncEvent;
import io.missive.protocol.v1.SyncPage;
import io.missive.sdk.ChatMessage;
import io.missive.sdk.Contact;
import io.missive.sdk.ConversationSettings;
import io.missive.sdk.ErrorCode;
import io.missive.sdk.MissiveException;
import io.missive.sdk.Presence;
import io.missive.sdk.ReadState;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers the user's sync stream exactly once and in version order, across reconnects and app
 * restarts. On every connection it asks the server for the stream after the saved cursor, page by
 * page, while live events (and the server's retransmissions) wait in a {@link VersionBuffer}; only
 * the run of versions that continues the cursor is delivered, so there is no gap and no repeat at
 * the seam. A gap left open by live delivery for {@code gapRepairMs} is filled by another sync.
 * When the server no longer holds the stream that far back, a {@link HistoryRebuild} catches up per
 * conversation and the stream continues from the server's latest version.
 *
 * <p>Besides messages, the stream's entries are settings, read positions and contact changes; each
 * is handed to the {@link Sink} in version order and counts as processed (cursor, ack) like a
 * message. Events with version 0 are not entries of the stream: they are routed by their body at
 * once, never buffered and never acknowledged. Live group messages go to {@link GroupSync}, as do the
 * stream's entries about the user joining or leaving a group (in version order, like every entry);
 * presence changes of followed users go straight to the sink. The connection counts as caught up
 * ({@link Sink#synced()}) once the stream and then the groups have caught up.
 *
 * <p>Confined to the delivery thread: every method runs there, and the answers of the server and
 * the timers are posted back to it. Each connection has its own epoch, so answers that belong to
 * an earlier connection are ignored.
 */
final class SyncSession {

    static final int PAGE_LIMIT = 200;
    static final int MAX_BUFFERED = 10_000;

    private static final @NotNull Logger LOG = Logger.getLogger(SyncSession.class.getName());

    private enum Mode { OFFLINE, CATCHING_UP, REBUILDING, LIVE }

    /** Where the session's results go; called on the delivery thread. */
    interface Sink {

        void message(@NotNull ChatMessage message);

        /** The user changed their settings of a conversation. */
        void settings(@NotNull ConversationSettings settings);

        /** A read position moved: the user's own, or the other user's in a direct conversation. */
        void read(@NotNull ReadState state);

        /** A contact relation of the user changed. */
        void contact(@NotNull Contact contact);

        /** A followed user's presence changed (live only, never an entry of the stream). */
        void presence(@NotNull Presence presence);

        /** The connection has caught up (the stream, then the groups); once per connection. */
        void synced();

        /** The connection ended. */
        void unsynced();
    }

    private final @NotNull String userId;
    private final @NotNull SyncServer server;
    private final @NotNull DeviceCursor cursor;
    private final @NotNull Sink sink;
    private final @NotNull SyncAcks acks;
    private final @NotNull Timers timers;
    private final @NotNull Executor thread;
    private final @NotNull Backoff retries;
    private final long gapRepairMs;
    private final @NotNull VersionBuffer buffer = new VersionBuffer(MAX_BUFFERED);
    private final @NotNull GroupSync groups;

    private @NotNull Mode mode = Mode.OFFLINE;
    private long epoch;
    private boolean synced;
    private boolean liveOnly;
    private int failures;
    private @Nullable Timers.Timer gapTimer;
    private @Nullable Timers.Timer retryTimer;

    /**
     * @param userId the user whose stream this is
     * @param timers must run due tasks on {@code thread}
     * @param thread the delivery thread
     */
    SyncSession(final @NotNull String userId, final @NotNull SyncServer server, final @NotNull DeviceCursor cursor,
                final @NotNull Sink sink, final @NotNull SyncAcks acks, final @NotNull Timers timers,
                final @NotNull Executor thread, final @NotNull Backoff retries, final long gapRepairMs) {
        this.userId = userId;
        this.server = server;
        this.cursor = cursor;
        this.sink = sink;
        this.acks = acks;
        this.timers = timers;
        this.thread = thread;
        this.retries = retries;
        this.gapRepairMs = gapRepairMs;
        this.groups = new GroupSync(userId, server, cursor, sink::message, timers, thread, retries, gapRepairMs);
    }

    /** A connection is established and subscribed: catch up from the cursor. */
    void connected() {
        epoch++;
        cancelTimers();
        cursor.load();
        synced = false;
        liveOnly = false;
        failures = 0;
        groups.connected();
        catchUp();
    }

    void disconnected() {
        epoch++;
        cancelTimers();
        mode = Mode.OFFLINE;
        groups.disconnected();
        acks.reset();
        sink.unsynced();
    }

    /** A payload from the user's stream topic. */
    void onStreamPayload(final @NotNull byte[] payload) {
        final SyncEvent event = SyncCodec.parseSyncEvent(payload);
        if (event == null) {
            LOG.warning("dropping an unreadable sync event");
            return;
        }
        onEvents(Collections.singletonList(event));
    }

    /** A reply without correlation data: the server retransmits live events not acknowledged in time. */
    void onUnsolicitedReply(final @NotNull byte[] payload) {
        final Reply reply = SyncCodec.parseReply(payload);
        if (reply != null && reply.getBodyCase() == Reply.BodyCase.SYNC) {
            onEvents(reply.getSync().getEventsList());
        } else {
            LOG.fine("dropping a reply without correlation data that is not a sync page");
        }
    }

    void onEvents(final @NotNull List<SyncEvent> events) {
        cursor.load();
        for (final SyncEvent event : events) {
            if (event.getVersion() == 0) {
                live(event);
            } else {
                buffer.offer(event, cursor.version());
            }
        }
        deliverReady();
        watchGap();
    }

    private void deliverReady() {
        final List<SyncEvent> ready = liveOnly ? buffer.takeAll() : buffer.takeContiguous(cursor.version());
        if (ready.isEmpty()) {
            return;
        }
        for (final SyncEvent event : ready) {
            deliver(event);
        }
        cursor.save();
        acks.delivered(cursor.version(), ready.size());
        // the cursor moved: a gap that remains is a new one and gets its own full delay
        cancelGapTimer();
    }

    /**
     * An event outside the stream (version 0), routed by its body: a live group message, or a presence
     * change. Never buffered, never acknowledged, and it does not move the cursor.
     */
    private void live(final @NotNull SyncEvent event) {
        if (event.getBodyCase() == SyncEvent.BodyCase.MESSAGE) {
            groups.onLive(event.getMessage());
        } else if (!userEvent(event)) {
            LOG.fine(() -> "skipping a live event of kind " + event.getBodyCase());
        }
    }

    /**
     * Hands a settings, read, contact or presence event to its listeners; false for a message (the
     * caller's) and an event without a body. No default branch: a body added to the protocol does
     * not compile until it is routed here.
     */
    private boolean userEvent(final @NotNull SyncEvent event) {
        return switch (event.getBodyCase()) {
            case PRESENCE -> {
                sink.presence(PresenceCodec.toPresence(event.getPresence()));
                yield true;
            }
            case SETTINGS -> {
                sink.settings(ConversationCodec.toSettings(event.getSettings()));
                yield true;
            }
            case READ -> {
                sink.read(ReadCodec.toReadState(event.getRead(), userId));
                yield true;
            }
            case CONTACT -> {
                sink.contact(ContactCodec.toContact(event.getContact()));
                yield true;
            }
            case MESSAGE, BODY_NOT_SET -> false;
        };
    }

    private void deliver(final @NotNull SyncEvent event) {
        ChatMessage message = null;
        if (event.getBodyCase() == SyncEvent.BodyCase.MESSAGE) {
            if (isGroupEvent(event.getMessage())) {
                groups.onStreamEvent(event.getMessage(), event.getVersion());
            } else {
                message = WireCodec.toChatMessage(event.getMessage(), event.getVersion());
                sink.message(message);
            }
        } else if (!userEvent(event)) {
            LOG.fine(() -> "skipping sync event " + event.getVersion() + " of kind " + event.getBodyCase());
        }
        cursor.advance(event.getVersion(), message);
    }

    private boolean isGroupEvent(final @NotNull Message message) {
        return message.hasChange() || Ids.isGroupConversation(message.getConversationId())
                || cursor.isKnownGroup(message.getConversationId());
    }

    private void watchGap() {
        if (buffer.isEmpty()) {
            cancelGapTimer();
            return;
        }
        if (mode != Mode.LIVE || liveOnly || gapTimer != null) {
            return;
        }
        final long session = epoch;
        gapTimer = timers.schedule(gapRepairMs, () -> {
            gapTimer = null;
            if (session == epoch && mode == Mode.LIVE && !buffer.isEmpty()) {
                LOG.fine(() -> "versions after " + cursor.version() + " missing for " + gapRepairMs + " ms; syncing");
                catchUp();
            }
        });
    }

    private void catchUp() {
        mode = Mode.CATCHING_UP;
        requestPage(cursor.version());
    }

    private void requestPage(final long afterVersion) {
        final long session = epoch;
        server.sync(afterVersion, PAGE_LIMIT).whenComplete((page, failure) -> post(session, () -> {
            if (failure == null) {
                received(page);
            } else {
                failed(Futures.unwrap(failure));
            }
        }));
    }

    private void received(final @NotNull SyncPage page) {
        failures = 0;
        onEvents(page.getEventsList());
        final int count = page.getEventsCount();
        if (page.getHasMore() && count > 0) {
            requestPage(Math.max(cursor.version(), page.getEvents(count - 1).getVersion()));
        } else {
            caughtUp();
        }
    }

    private void caughtUp() {
        mode = Mode.LIVE;
        if (!synced) {
            synced = true;
            acks.delivered(cursor.version(), 0);
            final long session = epoch;
            groups.streamSynced(() -> {
                if (session == epoch) {
                    sink.synced();
                }
            });
        }
        watchGap();
    }

    private void failed(final @NotNull Throwable failure) {
        if (failure instanceof StreamTooFarBehind) {
            rebuild(((StreamTooFarBehind) failure).latestVersion());
        } else if (failure instanceof MissiveException
                && ((MissiveException) failure).code() == ErrorCode.UNKNOWN_REQUEST) {
            LOG.warning("the server does not serve the sync stream; delivering live events as they arrive,"
                    + " without catching up");
            liveOnly = true;
            deliverReady();
            caughtUp();
        } else {
            retryLater(failure);
        }
    }

    private void retryLater(final @NotNull Throwable failure) {
        final long delay = retries.delayMs(failures++);
        LOG.log(Level.FINE, "catching up failed; retrying in " + delay + " ms", failure);
        mode = Mode.CATCHING_UP;
        final long session = epoch;
        retryTimer = timers.schedule(delay, () -> {
            retryTimer = null;
            if (session == epoch) {
                catchUp();
            }
        });
    }

    private void rebuild(final long latestVersion) {
        LOG.info(() -> "the server no longer holds the stream after version " + cursor.version()
                + "; rebuilding known conversations from history, then continuing after " + latestVersion);
        mode = Mode.REBUILDING;
        final long session = epoch;
        HistoryRebuild.run(server, cursor, sink::message, thread, () -> session == epoch)
                .whenComplete((ignored, failure) -> post(session, () -> {
                    if (failure == null) {
                        continueAfter(latestVersion);
                    } else {
                        retryLater(Futures.unwrap(failure));
                    }
                }));
    }

    /** After a rebuild: deliver the live events up to the server's latest version that arrived meanwhile, then go on. */
    private void continueAfter(final long latestVersion) {
        final List<SyncEvent> early = buffer.takeUpTo(latestVersion);
        for (final SyncEvent event : early) {
            deliver(event); // their conversations may be new to this device; known messages are dropped as repeats
        }
        cursor.jumpTo(latestVersion);
        cursor.save();
        acks.delivered(cursor.version(), early.size());
        catchUp();
    }

    private void post(final long session, final @NotNull Runnable task) {
        try {
            thread.execute(() -> {
                if (session == epoch) {
                    task.run();
                }
            });
        } catch (final RejectedExecutionException e) {
            LOG.log(Level.FINE, "client closed; dropping a sync answer", e);
        }
    }

    private void cancelGapTimer() {
        if (gapTimer != null) {
            gapTimer.cancel();
            gapTimer = null;
        }
    }

    private void cancelTimers() {
        cancelGapTimer();
        if (retryTimer != null) {
            retryTimer.cancel();
            retryTimer = null;
        }
    }
}
