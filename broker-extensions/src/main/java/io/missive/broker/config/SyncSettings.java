package io.missive.broker.config;

import org.jetbrains.annotations.NotNull;

/** Retention and retransmission of the per-user sync streams. */
public final class SyncSettings {

    public static final @NotNull SyncSettings DEFAULTS = new SyncSettings(30, 10_000, 5_000, 3);

    private final int retentionDays;
    private final int maxEventsPerUser;
    private final int retransmitAfterMs;
    private final int maxRetransmits;

    public SyncSettings(final int retentionDays, final int maxEventsPerUser, final int retransmitAfterMs,
                        final int maxRetransmits) {
        this.retentionDays = retentionDays;
        this.maxEventsPerUser = maxEventsPerUser;
        this.retransmitAfterMs = retransmitAfterMs;
        this.maxRetransmits = maxRetransmits;
    }

    /** {@code sync.retention-days}. */
    public int retentionDays() {
        return retentionDays;
    }

    /** {@code sync.max-events-per-user}. */
    public int maxEventsPerUser() {
        return maxEventsPerUser;
    }

    /** {@code sync.retransmit-after-ms}. */
    public int retransmitAfterMs() {
        return retransmitAfterMs;
    }

    /** {@code sync.max-retransmits}. */
    public int maxRetransmits() {
        return maxRetransmits;
    }
}
