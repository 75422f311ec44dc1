package io.missive.broker.messaging;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoMap;
import io.missive.broker.request.RequestCase;
import io.missive.broker.request.RequestHandler;
import io.missive.broker.store.Periodic;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

/** Message intake, sequencing, delivery of direct messages, fan-out recovery and history. */
public final class MessagingModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(SendHandler.class);
        bind(HistoryHandler.class);
        bind(Directory.class);
        bind(DirectDelivery.class);
        bind(FanoutRecovery.class);
        bind(DeferredWrites.class);
        Multibinder.newSetBinder(binder(), Periodic.class).addBinding().to(DeferredWrites.class);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.SEND)
    @NotNull RequestHandler send(final @NotNull SendHandler sends) {
        return (device, uplink) -> sends.send(device, uplink.getSend())
                .thenApply(ack -> Reply.newBuilder().setSendAck(ack).build());
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.HISTORY)
    @NotNull RequestHandler history(final @NotNull HistoryHandler history) {
        return (device, uplink) -> history.page(device, uplink.getHistory())
                .thenApply(page -> Reply.newBuilder().setHistory(page).build());
    }
}
