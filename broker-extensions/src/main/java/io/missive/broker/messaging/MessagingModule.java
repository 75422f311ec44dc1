package io.missive.broker.messaging;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import org.jetbrains.annotations.NotNull;

/** Message intake, sequencing, fan-out and history. */
public final class MessagingModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(UplinkInterceptor.class);
        bind(UplinkRouter.class);
        bind(SendHandler.class);
        bind(HistoryHandler.class);
        bind(Directory.class);
        bind(Fanout.class);
        bind(FanoutRecovery.class);
        bind(DeferredWrites.class);
        bind(Replies.class);
    }

    @Provides
    @NotNull PublishService publishService() {
        return Services.publishService();
    }
}
