package io.missive.broker.health;

import org.jetbrains.annotations.NotNull;

/** What a health check found; {@link #gaugeValue()} is what the {@code io.missive.health.*} gauges show. */
public enum Health {
    UP(1),
    DOWN(0),
    /** Not configured, so nothing to check (Redis without {@code redis.uri}, APNs without a key). */
    DISABLED(-1);

    private final int gaugeValue;

    Health(final int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    public int gaugeValue() {
        return gaugeValue;
    }

    static @NotNull Health of(final boolean up) {
        return up ? UP : DOWN;
    }
}
