package io.missive.broker.request;

import io.missive.broker.metrics.Metrics;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Publishes replies to one device and sync events to a user's devices, through the broker. */
@Singleton
public final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    /** Live-only events handed to the broker and not yet done with: bounds memory when devices are slow. */
    static final int MAX_LIVE_IN_FLIGHT = 100_000;

    private final @NotNull Publisher publisher;
    private final @NotNull AtomicInteger liveInFlight = new AtomicInteger();
    private final @NotNull AtomicLong liveShed = new AtomicLong();
    private final @NotNull Metrics metrics;

    @Inject
    public Replies(final @NotNull Publisher publisher, final @NotNull Metrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    public void reply(final @NotNull String topic, final @Nullable ByteBuffer correlationData,
                      final @NotNull Reply reply) {
        publisher.publish(topic, reply.toByteArray(), correlationData).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("Reply to {} not published: {}", topic, error.toString());
            }
        });
    }

    /**
     * Publishes a live-only event (version 0: a group message, a presence change) unless too many
     * are in flight already. Such events are an optimisation over reading the group's log or
     * asking again, so under overload they are shed instead of queued without bound. Returns
     * whether it was published.
     */
    public boolean liveEvent(final @NotNull String userTopic, final byte @NotNull [] event) {
        if (liveInFlight.incrementAndGet() > MAX_LIVE_IN_FLIGHT) {
            liveInFlight.decrementAndGet();
            liveShed.incrementAndGet();
            return false;
        }
        publisher.publish(userTopic, event, null)
                .whenComplete((ok, error) -> {
                    liveInFlight.decrementAndGet();
                    if (error == null) {
                        metrics.deliveryPublished();
                    } else {
                        LOG.debug("Live event to {} not published: {}", userTopic, error.toString());
                    }
                });
        return true;
    }

    /** Live-only events not published because too many were in flight (since start). */
    public long shedLiveEvents() {
        return liveShed.get();
    }

    public void event(final @NotNull String userTopic, final @NotNull SyncEvent event) {
        publisher.publish(userTopic, event.toByteArray(), null)
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        metrics.deliveryPublished();
                    } else {
                        LOG.warn("Sync event to {} not published: {}", userTopic, error.toString());
                    }
                });
    }
}
