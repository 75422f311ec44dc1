package io.missive.broker.sync;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoMap;
import io.missive.broker.request.RequestCase;
import io.missive.broker.request.RequestHandler;
import io.missive.broker.store.Periodic;
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
        final Multibinder<Periodic> periodic = Multibinder.newSetBinder(binder(), Periodic.class);
        periodic.addBinding().to(DeviceSessions.class);
        periodic.addBinding().to(SyncRetention.class);
        periodic.addBinding().to(CursorWrites.class);
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
