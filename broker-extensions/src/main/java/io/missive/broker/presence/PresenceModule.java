package io.missive.broker.presence;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoMap;
import io.missive.broker.request.RequestCase;
import io.missive.broker.request.RequestHandler;
import io.missive.broker.store.Periodic;
import io.missive.protocol.v1.Reply;
import io.missive.protocol.v1.Uplink;
import org.jetbrains.annotations.NotNull;

/** Who is online, and which contacts' presence a connection follows. */
public final class PresenceModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(ConnectedDevices.class);
        Multibinder.newSetBinder(binder(), Periodic.class).addBinding().to(Presence.class);
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.SUBSCRIBE_PRESENCE)
    @NotNull RequestHandler subscribePresence(final @NotNull Presence presence) {
        return (device, uplink) -> presence.subscribe(device, uplink.getSubscribePresence())
                .thenApply(list -> Reply.newBuilder().setPresence(list).build());
    }

    @ProvidesIntoMap
    @RequestCase(Uplink.BodyCase.UNSUBSCRIBE_PRESENCE)
    @NotNull RequestHandler unsubscribePresence(final @NotNull Presence presence) {
        return (device, uplink) -> presence.unsubscribe(device, uplink.getUnsubscribePresence())
                .thenApply(list -> Reply.newBuilder().setPresence(list).build());
    }
}
