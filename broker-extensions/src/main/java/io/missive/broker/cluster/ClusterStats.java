package io.missive.broker.cluster;

import org.jetbrains.annotations.NotNull;

import java.util.concurrent.atomic.LongAdder;

/** What routing between nodes did since start (the {@code io.missive.cluster.*} gauges). */
public final class ClusterStats {

    /** Items (one topic, one payload) handed to Redis for another node. */
    final @NotNull LongAdder relayed = new LongAdder();
    /** Relay messages published (one per target node and batch). */
    final @NotNull LongAdder relayMessages = new LongAdder();
    /** Items received from other nodes and published here. */
    final @NotNull LongAdder received = new LongAdder();
    /** Items not relayed: a full queue, a failed lookup or publish, or a target that was not listening. */
    final @NotNull LongAdder dropped = new LongAdder();
    /** Users whose nodes were looked up in the registry. */
    final @NotNull LongAdder lookups = new LongAdder();

    public long relayed() {
        return relayed.sum();
    }

    public long relayMessages() {
        return relayMessages.sum();
    }

    public long received() {
        return received.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long lookups() {
        return lookups.sum();
    }
}
