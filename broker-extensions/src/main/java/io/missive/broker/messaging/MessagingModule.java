package io.missive.broker.messaging;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.missive.broker.request.Replies;
import org.jetbrains.annotations.NotNull;

/** Message intake, sequencing, fan-out, history, sync streams and devices. */
public final class MessagingModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(UplinkInterceptor.class);
        bind(UplinkRouter.class);
        bind(SendHandler.class);
        bind(HistoryHandler.class);
        bind(Directory.class);
        bind(DirectDelivery.class);
        bind(FanoutRecovery.class);
        bind(DeferredWrites.class);
        bind(Replies.class);
        bind(io.missive.broker.sync.SyncHandler.class);
        bind(io.missive.broker.sync.SyncPages.class);
        bind(io.missive.broker.sync.StreamAppender.class);
        bind(io.missive.broker.sync.DeviceSessions.class);
        bind(io.missive.broker.sync.SyncRetention.class);
        bind(io.missive.broker.sync.SessionEvents.class);
        bind(io.missive.broker.device.DevicesHandler.class);
        bind(io.missive.broker.presence.ConnectedDevices.class);
        bind(io.missive.broker.push.PushHandler.class);
        bind(io.missive.broker.push.PushTargets.class);
        bind(io.missive.broker.push.ApnsGateway.class);
        bind(io.missive.broker.push.Pushes.class);
    }

    @Provides
    @NotNull PublishService publishService() {
        return Services.publishService();
    }

    @Provides
    @NotNull ClientService clientService() {
        return Services.clientService();
    }
}
