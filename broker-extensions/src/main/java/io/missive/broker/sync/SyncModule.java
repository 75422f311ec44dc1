package io.missive.broker.sync;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoMap;
import io.missive.broker.request.RequestCase;
import io.missive.broker.request.RequestHandler;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

/** Users' sync streams: appending, catch-up pages, acknowledgements, retention and connected sessions. */
public final class SyncModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(SyncHandler.class);
        bind(SyncPages.class);
        bind(StreamAppender.class);
        bind(DeviceSessions.class);
        bind(SyncRetention.class);
        bind(SessionEvents.class);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.SYNC)
    @NotNull RequestHandler sync(final @NotNull SyncHandler sync) {
        return (device, uplink) -> sync.page(device, uplink.getSync())
                .thenApply(page -> Reply.newBuilder().setSync(page).build());
    }

    /** An acknowledgement gets no reply: the PUBACK says whether the cursor was stored. */
    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.SYNC_ACK)
    @NotNull RequestHandler syncAck(final @NotNull SyncHandler sync) {
        return (device, uplink) -> sync.acknowledge(device, uplink.getSyncAck()).thenApply(ignored -> null);
    }
}
