package io.missive.sdk.internal;

import io.missive.sdk.ChatMessage;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What the device keeps in memory about one group besides its position (which the
 * {@link DeviceCursor} holds): the events waiting to be delivered and the state of filling a gap
 * from history. Confined to the delivery thread, like {@link GroupSync}.
 */
final class GroupBacklog {

    final @NotNull String id;
    /** Events not delivered yet, by seq. */
    final @NotNull TreeMap<Long, ChatMessage> pending = new TreeMap<>();
    /** Run when the current fill ends (catching up waits for them). */
    final @NotNull List<Runnable> whenFilled = new ArrayList<>();
    boolean filling;
    int failures;
    @Nullable Timers.Timer gapTimer;
    @Nullable Timers.Timer retryTimer;

    GroupBacklog(final @NotNull String id) {
        this.id = id;
    }

    /** @return true when nothing waits, no fill runs and no timer is set: the group can be forgotten */
    boolean isIdle() {
        return pending.isEmpty() && !filling && gapTimer == null && retryTimer == null && whenFilled.isEmpty();
    }

    void cancelGapTimer() {
        if (gapTimer != null) {
            gapTimer.cancel();
            gapTimer = null;
        }
    }

    void cancelRetryTimer() {
        if (retryTimer != null) {
            retryTimer.cancel();
            retryTimer = null;
        }
    }
}
