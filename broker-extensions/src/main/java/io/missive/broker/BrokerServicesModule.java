package io.missive.broker;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.missive.broker.cluster.Cluster;
import io.missive.broker.request.Publisher;
import org.jetbrains.annotations.NotNull;

import java.nio.ByteBuffer;

/**
 * The broker's services the features use while running: publishing to devices ({@link Publisher}) and
 * the connected clients ({@link ClientService}). The only module that reaches the running HiveMQ, so
 * that every other one can be wired without a broker (the handler tests do).
 */
public final class BrokerServicesModule extends AbstractModule {

    @Provides
    @Singleton
    @NotNull Publisher publisher(final @NotNull Cluster cluster) {
        final PublishService service = Services.publishService();
        // with several nodes, what goes to a user's topic is also relayed to the nodes holding the user's devices
        return cluster.wrap((topic, payload, correlationData) -> {
            final PublishBuilder publish = Builders.publish().topic(topic).qos(Qos.AT_LEAST_ONCE)
                    .payload(ByteBuffer.wrap(payload));
            if (correlationData != null) {
                publish.correlationData(correlationData);
            }
            return service.publish(publish.build());
        });
    }

    @Provides
    @NotNull ClientService clientService() {
        return Services.clientService();
    }
}
