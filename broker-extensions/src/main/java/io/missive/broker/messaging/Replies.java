package io.missive.broker.messaging;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.SyncEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/** Publishes replies to one device and sync events to a user's devices, through the broker. */
@Singleton
public final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private final @NotNull PublishService publishService;

    @Inject
    public Replies(final @NotNull PublishService publishService) {
        this.publishService = publishService;
    }

    public void reply(final @NotNull String topic, final @Nullable ByteBuffer correlationData,
                      final @NotNull Reply reply) {
        final PublishBuilder publish = Builders.publish().topic(topic).qos(Qos.AT_LEAST_ONCE)
                .payload(ByteBuffer.wrap(reply.toByteArray()));
        if (correlationData != null) {
            publish.correlationData(correlationData);
        }
        publishService.publish(publish.build()).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("Reply to {} not published: {}", topic, error.toString());
            }
        });
    }

    public void event(final @NotNull String userTopic, final @NotNull SyncEvent event) {
        publishService.publish(Builders.publish().topic(userTopic).qos(Qos.AT_LEAST_ONCE)
                        .payload(ByteBuffer.wrap(event.toByteArray())).build())
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.warn("Sync event to {} not published: {}", userTopic, error.toString());
                    }
                });
    }
}
